#!/bin/sh
# Check a Caseward export with openssl and standard tools alone, without Caseward:
#
#   sh verify-with-openssl.sh EXPORT [SIGFILE]
#
# EXPORT is a case as a JSON bundle (.json) or a CSV zip (.zip), the audit log
# as JSON lines (.jsonl) or a CSV zip (.zip), or a PDF or an older audit CSV
# with its signature file (SIGFILE, by default EXPORT.sig). Needs sh, sed, tr, cut, base64, sha256sum, openssl 3,
# and unzip for a zip. Prints OK and the key's fingerprint, or FAILED and why.
set -eu
export LC_ALL=C # bytes, not characters
file=$1
sigfile=${2:-$1.sig}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAILED: $*"; exit 1; }

# field NAME prints the manifest's string member NAME (the last one so named:
# a CSV zip's file list, which comes first, has sha256 members of its own).
field() { sed -n "s/.*\"$1\":\"\([^\"]*\)\".*/\1/p" "$work/manifest.json"; }

# from_sigfile FILE takes the manifest and the signature out of a signature file.
from_sigfile() {
  sed -n 's/.*"manifest_base64": *"\([^"]*\)".*/\1/p' "$1" | base64 -d > "$work/manifest.json"
  sed -n 's/.*"signature_base64": *"\([^"]*\)".*/\1/p' "$1" | base64 -d > "$work/signature.bin"
}

# 1. Where the manifest, the signature and the signed bytes are.
case $file in
*.json) # one line: {"content":…,"manifest":{…},"signature":"…"}; the hash covers content
  sed 's/.*,"manifest":\({"kind":.*}\),"signature":"[^"]*"}$/\1/' "$file" | tr -d '\n' > "$work/manifest.json"
  sed 's/.*,"signature":"\([^"]*\)"}$/\1/' "$file" | base64 -d > "$work/signature.bin"
  sed 's/^{"content":\(.*\),"manifest":{"kind":.*$/\1/' "$file" | tr -d '\n' > "$work/signed"
  ;;
*.jsonl) # the last line is {"manifest":{…},"signature":"…"}; the hash covers every line before it
  tail -n 1 "$file" | sed 's/^{"manifest":\(.*\),"signature":"[^"]*"}$/\1/' | tr -d '\n' > "$work/manifest.json"
  tail -n 1 "$file" | sed 's/.*,"signature":"\([^"]*\)"}$/\1/' | base64 -d > "$work/signature.bin"
  sed '$d' "$file" > "$work/signed"
  ;;
*.zip) # SIGNATURE.json inside; the hash covers the sha256sum listing of the files the manifest lists
  mkdir "$work/files"
  unzip -q "$file" -d "$work/files" || fail "zip: cannot unzip $file"
  [ -f "$work/files/SIGNATURE.json" ] || fail "zip: no SIGNATURE.json in $file"
  from_sigfile "$work/files/SIGNATURE.json"
  files=$(sed 's/.*"files":\[{\(.*\)}\],"sha256".*/\1/' "$work/manifest.json")
  printf '%s\n' "$files" | sed 's/},{/|/g' | tr '|' '\n' |
    sed 's/^"name":"\([^"]*\)","sha256":"\([0-9a-f]*\)"$/\2  \1/' > "$work/signed"
  ;;
*) # a PDF or an older audit CSV: the signature file beside it; the hash covers the file
  [ -f "$sigfile" ] || fail "no signature file $sigfile"
  from_sigfile "$sigfile"
  cp "$file" "$work/signed"
  ;;
esac

# 2. The key the manifest carries, and its fingerprint (the SHA-256 of its 32 bytes).
key=$(field public_key)
[ -n "$key" ] || fail "key: the manifest carries no public key (made before schema_version 4)"
fingerprint=$(printf '%s' "$key" | base64 -d | sha256sum | cut -d ' ' -f 1)
[ "$fingerprint" = "$(field key_fingerprint)" ] || fail "key: key_fingerprint is not the SHA-256 of public_key"
# An Ed25519 public key in PEM is a fixed 12-byte header (MCowBQYDK2VwAyEA in base64) and the key.
printf '%s\n' '-----BEGIN PUBLIC KEY-----' "MCowBQYDK2VwAyEA$key" '-----END PUBLIC KEY-----' > "$work/key.pem"

# 3. The signature over the manifest's exact bytes, then the hash of the signed bytes.
openssl pkeyutl -verify -pubin -inkey "$work/key.pem" -rawin -in "$work/manifest.json" \
  -sigfile "$work/signature.bin" > /dev/null 2>&1 || fail "signature: it does not match the manifest"
[ "$(sha256sum < "$work/signed" | cut -d ' ' -f 1)" = "$(field sha256)" ] ||
  fail "content: its SHA-256 is not the manifest's (altered, or the signature of another export)"

# 4. A zip: exactly the files listed, in order, then SIGNATURE.json; each file as signed.
if [ -d "$work/files" ]; then
  { cut -c 67- "$work/signed"; echo SIGNATURE.json; } > "$work/names"
  unzip -Z1 "$file" > "$work/entries"
  cmp -s "$work/names" "$work/entries" || fail "zip: its entries are not the signed files: $(tr '\n' ' ' < "$work/entries")"
  (cd "$work/files" && sha256sum -c --quiet ../signed) || fail "content: the file named above is not the one signed"
fi

# 5. An audit export: the chain check its manifest signs must say the events verify.
chain=$(sed -n 's/.*"chain_check":{\([^}]*\)}.*/\1/p' "$work/manifest.json")
case $chain in
''|*'"valid":true'*) ;;
*) fail "audit chain: the signed chain check says the exported events do not verify: $chain" ;;
esac

echo "OK: $file is as signed: $(field kind) export ($(field format)) $(field case_reference), exported $(field exported_at) by $(field exporter_email)"
[ -z "$chain" ] || echo "chain check (signed): $chain"
echo "key $(field key_id), fingerprint $fingerprint"
echo "Compare this fingerprint with the one your organisation publishes (Caseward's Exports page)."
