package cases

import "slices"

// breachUnassessed is the closing condition a duplicate does not need.
const breachUnassessed = "the breach status is still suspected: confirm it or rule it out"

// UnmetDuplicateClosingConditions is UnmetClosingConditions for closing c as
// a duplicate of another case. The breach assessment belongs to the original,
// so a duplicate opened by mistake (still "suspected") can be retired; every
// other condition still holds it open: a service it suspended must be
// restored or cancelled first, and a regulator obligation it records must be
// met or decided, since the duplicate's own record says personal data was
// involved.
func UnmetDuplicateClosingConditions(c Case) []string {
	return slices.DeleteFunc(UnmetClosingConditions(c), func(u string) bool { return u == breachUnassessed })
}
