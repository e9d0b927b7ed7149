// Package observables holds what a security team observed in a case
// (addresses, domains, hashes, accounts): their types, the rules that make
// each value valid and one canonical form per value, so that the same thing
// seen in two cases is stored alike and found as a sighting, and the reading
// of typed values out of pasted text, defanged or not.
package observables

import "slices"

// Type is the kind of an observable's value.
type Type string

// The types of observable. Values of the network types may be given
// defanged (1.2.3[.]4, hxxp://, example[.]org) and are stored refanged.
const (
	IPv4        Type = "ipv4"
	IPv6        Type = "ipv6"
	CIDR        Type = "cidr"
	Domain      Type = "domain"
	URL         Type = "url"
	Email       Type = "email"
	MD5         Type = "md5"
	SHA1        Type = "sha1"
	SHA256      Type = "sha256"
	FileName    Type = "file_name"
	Hostname    Type = "hostname"
	UserAccount Type = "user_account"
	Other       Type = "other"
)

// Types lists every type, in the order forms offer them.
var Types = []Type{IPv4, IPv6, CIDR, Domain, URL, Email, MD5, SHA1, SHA256, FileName, Hostname, UserAccount, Other}

// Valid reports whether t is a known type.
func (t Type) Valid() bool {
	return slices.Contains(Types, t)
}

// TLP is the Traffic Light Protocol (FIRST, version 2.0) marking of a value:
// who it may be shared with.
type TLP string

// The TLP 2.0 labels, least restricted first.
const (
	TLPClear       TLP = "clear"
	TLPGreen       TLP = "green"
	TLPAmber       TLP = "amber"
	TLPAmberStrict TLP = "amber+strict"
	TLPRed         TLP = "red"
)

// TLPs lists the labels, least restricted first.
var TLPs = []TLP{TLPClear, TLPGreen, TLPAmber, TLPAmberStrict, TLPRed}

// Valid reports whether l is a TLP 2.0 label.
func (l TLP) Valid() bool {
	return slices.Contains(TLPs, l)
}

// PAP is the Permissible Actions Protocol marking of a value: what may be
// done with it outside the team (red: nothing that the adversary could
// notice, such as a lookup from our network; clear: anything).
type PAP string

// The PAP labels, least restricted first.
const (
	PAPClear PAP = "clear"
	PAPGreen PAP = "green"
	PAPAmber PAP = "amber"
	PAPRed   PAP = "red"
)

// PAPs lists the labels, least restricted first.
var PAPs = []PAP{PAPClear, PAPGreen, PAPAmber, PAPRed}

// Valid reports whether p is a PAP label.
func (p PAP) Valid() bool {
	return slices.Contains(PAPs, p)
}
