package observables

import (
	"net/netip"
	"path"
	"regexp"
	"strings"

	"golang.org/x/net/publicsuffix"
)

// MaxFound bounds how many values one text may yield.
const MaxFound = 1000

// Found is a typed value read out of text, in its canonical form.
type Found struct {
	Type  Type
	Value string
}

var (
	refangScheme = regexp.MustCompile(`(?i)\b(?:hxxp|hXXp|h\*\*p|meow)(s?)\b`)
	refangFTP    = regexp.MustCompile(`(?i)\bfxp(s?)\b`)
	refangDot    = regexp.MustCompile(`(?i)\s?[\[({]\s?(?:\.|dot)\s?[\])}]\s?|\\\.`)
	refangAt     = regexp.MustCompile(`(?i)\s?[\[({]\s?(?:@|at)\s?[\])}]\s?`)
	refangColon  = regexp.MustCompile(`\[(:|://)\]`)
	separators   = regexp.MustCompile(`[\s,;|"'<>()\[\]{}]+`)
)

// fileExtensions are the extensions that make a word a file name rather than
// a domain, even where the extension is also a top-level domain (.zip, .mov).
var fileExtensions = map[string]bool{
	"exe": true, "dll": true, "sys": true, "scr": true, "bat": true, "cmd": true, "ps1": true,
	"psm1": true, "vbs": true, "vbe": true, "js": true, "jse": true, "wsf": true, "hta": true, "msi": true,
	"lnk": true, "iso": true, "img": true, "vhd": true, "zip": true, "rar": true, "7z": true, "gz": true,
	"tar": true, "cab": true, "doc": true, "docx": true, "docm": true, "xls": true, "xlsx": true, "xlsm": true,
	"ppt": true, "pptx": true, "pdf": true, "rtf": true, "one": true, "jar": true, "apk": true, "elf": true,
	"so": true, "sh": true, "py": true, "bin": true, "dat": true, "tmp": true, "eml": true, "msg": true,
	"html": true, "htm": true, "svg": true, "txt": true, "csv": true, "log": true, "mov": true, "mp4": true,
}

// Refang undoes the usual ways of writing a value so that nobody clicks it
// or a mail filter does not rewrite it: hxxp:// and fxp://, [.] (.) {.}
// [dot], [@] [at], [:] and [://].
func Refang(s string) string {
	s = refangScheme.ReplaceAllString(s, "http$1")
	s = refangFTP.ReplaceAllString(s, "ftp$1")
	s = refangDot.ReplaceAllString(s, ".")
	s = refangAt.ReplaceAllString(s, "@")
	return refangColon.ReplaceAllString(s, "$1")
}

// Extract reads the typed values in text (an email, a report, a SIEM
// export), defanged or not, each once, in the order they first appear, at
// most MaxFound. It finds URLs, email addresses, CIDR networks, IPv4 and IPv6
// addresses, MD5, SHA-1 and SHA-256 hashes, domains under a known public
// suffix and file names with a common extension; a value inside another (the
// host of a URL) is not found again on its own.
func Extract(text string) []Found {
	var out []Found
	seen := map[Found]bool{}
	for _, word := range separators.Split(Refang(text), -1) {
		parts := []string{word}
		if !strings.Contains(word, "://") { // "md5=…", "src=…"; a URL's query keeps its =
			parts = strings.Split(word, "=")
		}
		for _, part := range parts {
			f, ok := classify(part)
			if !ok || seen[f] {
				continue
			}
			seen[f] = true
			out = append(out, f)
			if len(out) == MaxFound {
				return out
			}
		}
	}
	return out
}

// classify says what one word of text is, if anything.
func classify(word string) (Found, bool) {
	word = strings.Trim(word, "*`")
	word = strings.TrimRight(word, ".:!?")
	if word == "" {
		return Found{}, false
	}
	if f, ok := classifyWord(word); ok {
		return f, true
	}
	// "IP:192.0.2.1", "sha256:…": the value after a label.
	if i := strings.LastIndexByte(word, ':'); i > 0 && !strings.Contains(word, "://") {
		return classifyWord(word[i+1:])
	}
	return Found{}, false
}

func classifyWord(w string) (Found, bool) {
	try := func(t Type) (Found, bool) {
		v, err := Normalise(t, w)
		return Found{Type: t, Value: v}, err == nil
	}
	switch {
	case strings.Contains(w, "://"):
		return try(URL)
	case strings.Contains(w, "@"):
		return try(Email)
	case strings.Contains(w, "/"):
		if _, err := netip.ParsePrefix(w); err == nil {
			return try(CIDR)
		}
		return Found{}, false
	}
	if a, err := netip.ParseAddr(w); err == nil && a.Zone() == "" {
		if a.Is4() {
			return try(IPv4)
		}
		return try(IPv6)
	}
	switch len(w) {
	case 32, 40, 64:
		t := map[int]Type{32: MD5, 40: SHA1, 64: SHA256}[len(w)]
		if f, ok := try(t); ok {
			return f, true
		}
	}
	if !strings.Contains(w, ".") {
		return Found{}, false
	}
	if ext := strings.ToLower(strings.TrimPrefix(path.Ext(w), ".")); fileExtensions[ext] {
		return try(FileName)
	}
	d, err := Normalise(Domain, w)
	if err != nil {
		return Found{}, false
	}
	// A word with a dot is a domain only under a suffix people register
	// names under, and with a name of its own before it: not "e.g".
	suffix, icann := publicsuffix.PublicSuffix(d)
	if !icann || len(suffix) >= len(d) {
		return Found{}, false
	}
	return Found{Type: Domain, Value: d}, true
}
