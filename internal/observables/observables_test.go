package observables

import (
	"reflect"
	"strconv"
	"strings"
	"testing"
)

func TestNormaliseGivesOneFormPerValue(t *testing.T) {
	for _, tc := range []struct {
		t        Type
		in, want string
	}{
		{IPv4, " 192.0.2.1 ", "192.0.2.1"},
		{IPv4, "192.0.2[.]1", "192.0.2.1"},
		{IPv6, "2001:DB8:0:0:0:0:0:1", "2001:db8::1"},
		{IPv6, "::ffff:192.0.2.1", "::ffff:192.0.2.1"},
		{CIDR, "192.0.2.77/24", "192.0.2.0/24"},
		{CIDR, "2001:db8::1/32", "2001:db8::/32"},
		{Domain, "Example.ORG.", "example.org"},
		{Domain, "evil[.]example[.]com", "evil.example.com"},
		{Domain, "żółw.pl", "xn--w-uga1v8h.pl"},
		{Domain, "مثال.إختبار", "xn--mgbh0fb.xn--kgbechtv"},
		{Hostname, "FILESRV01", "filesrv01"},
		{URL, "hxxps://Evil.Example:443/Login?next=/a#top", "https://evil.example/Login?next=/a#top"},
		{URL, "http://EXAMPLE.org:8080/x", "http://example.org:8080/x"},
		{URL, "http://[2001:DB8::1]/", "http://[2001:db8::1]/"},
		{URL, "https://żółw.pl/ścieżka", "https://xn--w-uga1v8h.pl/%C5%9Bcie%C5%BCka"},
		{Email, "Bad.Actor@Evil.Example", "bad.actor@evil.example"},
		{Email, "bad[@]evil[.]example", "bad@evil.example"},
		{MD5, "D41D8CD98F00B204E9800998ECF8427E", "d41d8cd98f00b204e9800998ecf8427e"},
		{SHA1, "da39a3ee5e6b4b0d3255bfef95601890afd80709", "da39a3ee5e6b4b0d3255bfef95601890afd80709"},
		{SHA256, strings.Repeat("AB", 32), strings.Repeat("ab", 32)},
		{FileName, " faktura_żółta.pdf.exe ", "faktura_żółta.pdf.exe"},
		{FileName, `C:\Users\Public\run.ps1`, `C:\Users\Public\run.ps1`},
		{UserAccount, `CORP\Jan.Kowalski`, `CORP\Jan.Kowalski`},
		{Other, "مفتاح التسجيل", "مفتاح التسجيل"},
	} {
		got, err := Normalise(tc.t, tc.in)
		if err != nil || got != tc.want {
			t.Errorf("Normalise(%s, %q) = %q, %v; want %q", tc.t, tc.in, got, err, tc.want)
		}
	}
}

func TestNormaliseRefusesWhatIsNotOfItsType(t *testing.T) {
	for _, tc := range []struct {
		t  Type
		in string
	}{
		{IPv4, ""},
		{IPv4, "   "},
		{IPv4, "192.0.2.256"},
		{IPv4, "192.0.2.01"},
		{IPv4, "2001:db8::1"},
		{IPv6, "192.0.2.1"},
		{IPv6, "fe80::1%eth0"},
		{CIDR, "192.0.2.1"},
		{CIDR, "192.0.2.0/33"},
		{Domain, "localhost"},
		{Domain, "192.0.2.1"},
		{Domain, "exa mple.org"},
		{Domain, "-bad-.example"},
		{Domain, strings.Repeat("a", 64) + ".example"},
		{URL, "evil.example/login"},
		{URL, "mailto:someone@example.org"},
		{URL, "https:///path"},
		{Email, "Someone <someone@example.org>"},
		{Email, "not-an-address"},
		{MD5, "d41d8cd98f00b204e9800998ecf8427"},
		{MD5, "z41d8cd98f00b204e9800998ecf8427e"},
		{SHA1, strings.Repeat("a", 64)},
		{SHA256, strings.Repeat("a", 63)},
		{FileName, "invoice\u202Efdp.exe"},
		{UserAccount, "line\nbreak"},
		{Other, strings.Repeat("x", MaxValueLength+1)},
		{Type("registry_key"), "HKLM"},
	} {
		if got, err := Normalise(tc.t, tc.in); err == nil {
			t.Errorf("Normalise(%s, %q) = %q, want an error", tc.t, tc.in, got)
		}
	}
}

func TestNormaliseIsStable(t *testing.T) {
	// The canonical form of a canonical form is itself: stored values
	// compare equal to values typed again.
	for _, tc := range []struct {
		t  Type
		in string
	}{{IPv6, "2001:DB8::0:1"}, {Domain, "ŻÓŁW.pl"}, {URL, "HXXP://Example.org:80/a b"}, {Email, "A@B.example"}, {CIDR, "10.1.2.3/8"}} {
		once, err := Normalise(tc.t, tc.in)
		if err != nil {
			t.Fatal(err)
		}
		if twice, err := Normalise(tc.t, once); err != nil || twice != once {
			t.Errorf("%s %q: %q then %q, %v", tc.t, tc.in, once, twice, err)
		}
	}
}

func TestExtractFindsTypedValuesInPastedText(t *testing.T) {
	text := `Zgłoszenie phishingu / بلاغ تصيد:
Nadawca: "Dział Płac" <kadry@p1ace-firma[.]pl>, reply-to bad[@]evil[.]example
Link: hxxps://login-firma[.]pl/owa/auth.owa?x=1.
C2: 203.0.113[.]7, 203.0.113.7:443 and 2001:db8::dead:beef; range 198.51.100.0/24
Attachment faktura.pdf.exe (SHA256: 9F86D081884C7D659A2FEAE0C55AD015A3BF4F1B2B0B822CD15D6C15B0F00A08),
md5=D41D8CD98F00B204E9800998ECF8427E. Same host as Update-Service.com, e.g. the one in the report.
Version 1.2.3.4.5 is not an address; neither is 10:30:00 or readme.
Duplicate: https://login-firma.pl/owa/auth.owa?x=1`
	want := []Found{
		{Email, "kadry@p1ace-firma.pl"},
		{Email, "bad@evil.example"},
		{URL, "https://login-firma.pl/owa/auth.owa?x=1"},
		{IPv4, "203.0.113.7"},
		{IPv6, "2001:db8::dead:beef"},
		{CIDR, "198.51.100.0/24"},
		{FileName, "faktura.pdf.exe"},
		{SHA256, "9f86d081884c7d659a2feae0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"},
		{MD5, "d41d8cd98f00b204e9800998ecf8427e"},
		{Domain, "update-service.com"},
	}
	if got := Extract(text); !reflect.DeepEqual(got, want) {
		t.Errorf("Extract found\n%v\nwant\n%v", got, want)
	}
}

func TestExtractStopsAtMaxFound(t *testing.T) {
	var b strings.Builder
	for i := range 1500 {
		b.WriteString("10.0." + strconv.Itoa(i/250) + "." + strconv.Itoa(i%250) + " ")
	}
	if got := Extract(b.String()); len(got) != MaxFound {
		t.Fatalf("found %d, want %d", len(got), MaxFound)
	}
}

// Whatever the input, Normalise either refuses it or gives a form it gives
// back unchanged, and Extract finds only values Normalise accepts as found.
func FuzzNormaliseAndExtract(f *testing.F) {
	for _, s := range []string{"192.0.2[.]1", "hxxps://żółw[.]pl/a?b=c", "x@y[.]example", "2001:db8::1/48", "عنوان 10.0.0.1", strings.Repeat("f", 64)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, typ := range Types {
			once, err := Normalise(typ, s)
			if err != nil {
				continue
			}
			if twice, err := Normalise(typ, once); err != nil || twice != once {
				t.Errorf("%s %q: %q then %q, %v", typ, s, once, twice, err)
			}
		}
		for _, found := range Extract(s) {
			if v, err := Normalise(found.Type, found.Value); err != nil || v != found.Value {
				t.Errorf("extracted %s %q: normalised %q, %v", found.Type, found.Value, v, err)
			}
		}
	})
}

func TestRefangUndoesTheUsualDefanging(t *testing.T) {
	for in, want := range map[string]string{
		"hxxp://a[.]example/x":        "http://a.example/x",
		"hXXps://a(.)example":         "https://a.example",
		"h**p://a{.}example":          "http://a.example",
		"meows://a[dot]example":       "https://a.example",
		"fxp://files[.]example":       "ftp://files.example",
		"a\\.example":                 "a.example",
		"jan[@]a[.]example":           "jan@a.example",
		"jan[at]a[.]example":          "jan@a.example",
		"http[://]a.example":          "http://a.example",
		"http[:]//a.example":          "http://a.example",
		"example [.] org":             "example.org",
		"Żółw w ogrodzie. السلام [.]": "Żółw w ogrodzie. السلام.",
	} {
		if got := Refang(in); got != want {
			t.Errorf("Refang(%q) = %q, want %q", in, got, want)
		}
	}
}
