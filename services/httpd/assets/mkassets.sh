#!/bin/sh
# mkassets.sh - compiles the dashboard's sources in this directory into
# services/httpd/assets.c: each file one C string literal, a line per line
# ('"' and '\' escaped, '?' too so that no trigraph can form), and the
# table httpd serves them from. After editing an asset, run
#
#	services/httpd/assets/mkassets.sh > services/httpd/assets.c
#
# tests/integration/test_httpd.sh fails if assets.c is not current.
set -eu
dir=$(dirname "$0")

# URL path, Content-Type, file, C name
ASSETS='
/ text/html;charset=utf-8 index.html index_html
/dashboard.css text/css;charset=utf-8 dashboard.css dashboard_css
/dashboard.js text/javascript;charset=utf-8 dashboard.js dashboard_js
'

echo '/*'
echo ' * assets.c - the dashboard (index.html, dashboard.css, dashboard.js),'
echo ' * GENERATED from services/httpd/assets/ by assets/mkassets.sh: edit those'
echo ' * files and run the script, do not edit this one.'
echo ' */'
echo '#include "httpd.h"'
echo
echo "$ASSETS" | while read -r path type file cname; do
	[ -n "$path" ] || continue
	printf 'static const char %s[] =\n' "$cname"
	sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/?/\\?/g' \
	    -e 's/^/\t"/' -e 's/$/\\n"/' "$dir/$file"
	printf ';\n\n'
done
echo 'const struct asset httpd_assets[] = {'
echo "$ASSETS" | while read -r path type file cname; do
	[ -n "$path" ] || continue
	type=$(echo "$type" | sed 's/;/; /')
	printf '\t{ "%s", "%s", %s, sizeof(%s) - 1 },\n' "$path" "$type" "$cname" "$cname"
done
echo '};'
echo
echo 'const size_t httpd_asset_count = sizeof(httpd_assets) / sizeof(httpd_assets[0]);'
