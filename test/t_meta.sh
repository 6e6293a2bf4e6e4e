#!/usr/bin/env bash
# t_meta.sh: PGXN metadata and the release archive.
#   - META.json, generated from META.json.in by `make META.json`, is
#     well-formed JSON with the keys PGXN's Meta Spec 1.0.0 requires, no key
#     the spec does not define, and well-formed values;
#   - its version and provides.csmetrics.version are csmetrics.control's
#     default_version, and so is debian/changelog's upstream version;
#   - `make dist` makes csmetrics-VERSION.zip, everything under
#     csmetrics-VERSION/: exactly the committed files plus META.json (the
#     same as generated), so META.json, csmetrics.control, Makefile, sql/ and
#     src/ are there and build products are not.
# Works on a copy of the tree (committed there, as make dist archives HEAD),
# so the working tree gets no META.json or archive.  Needs jq, unzip and git
# (installed from Debian when missing, as root) and pg_config for PGXS.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
version=$(sed -n "s/^default_version *= *'\(.*\)'/\1/p" "$root/csmetrics.control")
failures=0
ok() { printf 'ok: %s\n' "$*"; }
bad() { printf 'NOT OK: %s\n' "$*"; failures=$((failures + 1)); }

missing=()
for tool in jq:jq unzip:unzip git:git; do
	command -v "${tool%%:*}" >/dev/null || missing+=("${tool#*:}")
done
if [ ${#missing[@]} -gt 0 ]; then
	[ "$(id -u)" = 0 ] || { echo "FAILED: missing ${missing[*]}; run as root or install them"; exit 1; }
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
if [ -z "${PG_CONFIG:-}" ]; then
	PG_CONFIG=$(command -v pg_config || ls -d /usr/lib/postgresql/*/bin/pg_config 2>/dev/null | sort -V | tail -n 1)
fi
[ -x "$PG_CONFIG" ] || { echo "FAILED: no pg_config (set PG_CONFIG)"; exit 1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
src=$tmp/csmetrics
mkdir "$src"
# The working tree's files (tracked, and new ones git does not ignore).
git -C "$root" ls-files -z --cached --others --exclude-standard |
	(cd "$root" && xargs -0 -r sh -c 'for f; do [ -e "$f" ] && printf "%s\0" "$f"; done' sh) |
	tar -C "$root" --null -T - -cf - | tar -C "$src" -xf -
git -C "$src" init -q
git -C "$src" add -A
git -C "$src" -c user.name=t_meta -c user.email=t_meta@localhost commit -q -m copy
# Build products as a build leaves them: make dist must leave them out.
touch "$src/src/survey.o" "$src/csmetrics.so" "$src/csmetrics--$version.sql" "$src/regression.diffs"
mkdir -p "$src/results" "$src/debian/.debhelper" "$src/debian/postgresql-15-csmetrics"
touch "$src/results/survey.out" "$src/debian/files" "$src/debian/postgresql-15-csmetrics.substvars"

make -s -C "$src" PG_CONFIG="$PG_CONFIG" META.json
meta=$src/META.json

# Well-formed JSON, one object.
if jq -e 'type == "object"' "$meta" >/dev/null 2>&1; then
	ok "META.json is a well-formed JSON object"
else
	bad "META.json is not a well-formed JSON object: $(jq . "$meta" 2>&1 >/dev/null | head -n 3)"
	echo "FAILED: $failures checks"
	exit 1
fi

# jq_check DESCRIPTION FILTER: FILTER must give true on META.json.
jq_check() {
	if jq -e "$2" "$meta" >/dev/null 2>&1; then ok "$1"; else bad "$1"; fi
}
for key in name version abstract maintainer license provides meta-spec; do
	jq_check "required key $key" "has(\"$key\")"
done
jq_check "no keys outside Meta Spec 1.0.0 (or x_ custom keys)" \
	'keys - ["name","version","abstract","maintainer","license","provides","meta-spec","description","generated_by","tags","no_index","prereqs","release_status","resources"] | map(select(test("^[xX]_.") | not)) | length == 0'
jq_check "meta-spec.version is 1.0.0" '."meta-spec".version == "1.0.0"'
jq_check "name is csmetrics, the control file's name" '.name == "csmetrics"'
jq_check "name is a term (2+ characters, no slash, backslash, space or control character)" '.name | test("^[^/\\\\\\s[:cntrl:]]{2,}$")'
jq_check "version is semantic (x.y.z)" '.version | test("^[0-9]+\\.[0-9]+\\.[0-9]+$")'
jq_check "abstract is a non-empty string" '.abstract | type == "string" and length > 0'
jq_check "maintainer is a string or a non-empty list of strings" \
	'.maintainer | (type == "string" and length > 0) or (type == "array" and length > 0 and all(type == "string" and length > 0))'
jq_check "license is postgresql, as LICENSE says" '.license == "postgresql"'
grep -q "PostgreSQL License" "$src/LICENSE" && ok "LICENSE is the PostgreSQL License" || bad "LICENSE does not say PostgreSQL License"
jq_check "provides.csmetrics has file and version, and nothing the spec lacks" \
	'.provides.csmetrics | has("file") and has("version") and (keys - ["file","version","abstract","docfile"] | length == 0)'
for f in $(jq -r '.provides.csmetrics | .file, (.docfile // empty)' "$meta"); do
	[ -f "$src/$f" ] && ok "provides.csmetrics names $f, which exists" || bad "provides.csmetrics names $f, which does not exist"
done
jq_check "prereqs.runtime.requires.PostgreSQL is a version" \
	'.prereqs.runtime.requires.PostgreSQL | test("^[0-9]+\\.[0-9]+\\.[0-9]+$")'
jq_check "release_status is stable, testing or unstable" '.release_status | IN("stable", "testing", "unstable")'
jq_check "tags are strings of 1 to 255 characters" '.tags | all(type == "string" and length >= 1 and length <= 255)'

# One source of the version.
got=$(jq -r .version "$meta")
[ "$got" = "$version" ] && ok "version $got = default_version" || bad "version $got, default_version $version"
got=$(jq -r .provides.csmetrics.version "$meta")
[ "$got" = "$version" ] && ok "provides.csmetrics.version $got = default_version" || bad "provides.csmetrics.version $got, default_version $version"
deb=$(sed -n '1s/^csmetrics (\([^)]*\)).*/\1/p' "$src/debian/changelog")
[ "${deb%-*}" = "$version" ] && ok "debian/changelog $deb = default_version" || bad "debian/changelog has '$deb', default_version $version"

# The release archive.
make -s -C "$src" PG_CONFIG="$PG_CONFIG" dist >/dev/null
zip=$src/csmetrics-$version.zip
if [ ! -f "$zip" ]; then
	bad "make dist made no csmetrics-$version.zip"
else
	ok "make dist made csmetrics-$version.zip"
	unzip -Z1 "$zip" | grep -v '/$' | sort > "$tmp/in_zip"
	{ git -C "$src" ls-files; echo META.json; } | sed "s|^|csmetrics-$version/|" | sort > "$tmp/expected"
	if diff "$tmp/expected" "$tmp/in_zip" > "$tmp/diff"; then
		ok "the archive holds exactly the committed files plus META.json, under csmetrics-$version/ ($(wc -l < "$tmp/in_zip") files)"
	else
		bad "the archive's files differ from the committed ones plus META.json (< expected, > archive):"
		head -n 20 "$tmp/diff"
	fi
	for f in META.json csmetrics.control Makefile sql/install/00_header.sql src/csmetrics.c LICENSE; do
		grep -qx "csmetrics-$version/$f" "$tmp/in_zip" && ok "archive has $f" || bad "archive lacks $f"
	done
	products=$(grep -E '\.(o|so|bc|zip|deb)$|/csmetrics--[^/]*\.sql$|/results/|/regression\.|/debian/(\.debhelper|files$|postgresql-[0-9]+-csmetrics)|\.substvars$' "$tmp/in_zip" |
		grep -v "^csmetrics-$version/sql/update/" || true)
	[ -z "$products" ] && ok "archive has no build products" || bad "archive has build products: $products"
	# pgxnclient (and any unzip without symlink support) unpacks a symlink
	# as a file holding its target's path, so the archive must hold none.
	links=$(zipinfo "$zip" | awk '$1 ~ /^l/ { print $NF }')
	[ -z "$links" ] && ok "archive has no symlinks" || bad "archive has symlinks, which unzip tools may turn into one-line files: $links"
	unzip -p "$zip" "csmetrics-$version/META.json" | cmp -s - "$meta" &&
		ok "the archive's META.json is the generated one" || bad "the archive's META.json differs from the generated one"
fi

# META.json is a build product of its own: make clean removes it.
make -s -C "$src" PG_CONFIG="$PG_CONFIG" clean >/dev/null
[ ! -e "$meta" ] && ok "make clean removes META.json" || bad "make clean leaves META.json"

if [ "$failures" -ne 0 ]; then
	echo "FAILED: $failures checks"
	exit 1
fi
echo "META.json and make dist: all checks passed"
