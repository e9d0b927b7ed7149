package testcluster

import "testing"

// From HAProxy 2.6's runtime API, shortened after the fields read: r1 passed
// its check, r2 is unchecked yet ("UP 1/2", INI), r3 is down.
var showStat = []string{
	"# pxname,svname,qcur,qmax,scur,smax,slim,stot,bin,bout,dreq,dresp,ereq,econ,eresp,wretr,wredis,status,weight,act",
	"caseward,FRONTEND,,,0,0,4096,0,0,0,0,0,0,,,,,OPEN,,,",
	"replicas,r1,0,0,0,0,,0,0,0,,0,,0,0,0,0,UP,1,1,0,0,0,0,0,,1,3,1,,0,,2,0,,0,L7OK,200,1",
	"replicas,r2,0,0,0,0,,0,0,0,,0,,0,0,0,0,UP 1/2,1,1,0,0,0,0,0,,1,3,2,,0,,2,0,,0,INI,,",
	"replicas,r3,0,0,0,0,,0,0,0,,0,,0,0,0,0,DOWN,1,1,0,1,1,1,1,,1,3,2,,0,,2,0,,0,L4CON,,0",
	"replicas,BACKEND,0,0,0,0,410,0,0,0,0,0,,0,0,0,0,UP,2,2,0,,0,0,0",
	"",
}

func TestServersUpCountsOnlyServersThatPassedTheirCheck(t *testing.T) {
	if got := serversUp(showStat); got != 1 {
		t.Errorf("servers up: %d, want 1 (r1)", got)
	}
}

var showSess = []string{
	"0x55ba11c5d480: proto=tcpv4 src=127.0.0.7:43307 fe=caseward be=replicas srv=r2 ts=00 epoch=0 age=0s calls=2 rate=0",
	"0x55ba11c5d500: proto=tcpv4 src=127.0.0.8:40001 fe=caseward be=replicas srv=<none> ts=00 epoch=0 age=0s calls=1",
	"0x55ba11d71670: proto=unix_stream src=unix:1 fe=GLOBAL be=<NONE> srv=<none> ts=00 epoch=0 age=0s calls=1 rate=1",
	"",
}

func TestServerOfNamesTheServerASessionIsOn(t *testing.T) {
	for src, want := range map[string]string{
		"127.0.0.7:43307": "r2",
		"127.0.0.7:4330":  "", // a prefix of another session's address
		"127.0.0.8:40001": "", // waiting for a server
		"127.0.0.9:1":     "",
	} {
		if got := serverOf(showSess, src); got != want {
			t.Errorf("%s: %q, want %q", src, got, want)
		}
	}
}
