#!/bin/sh
# deps.sh PACKAGE... - make sure the named Debian packages are installed.
# As root, installs what is missing (apt-get update once, then install);
# otherwise prints the exact command to run and fails.
missing=""
for p in "$@"; do
	dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed$' ||
		missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" -eq 0 ]; then
	echo "installing missing Debian packages:$missing"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -q && apt-get install -y -q --no-install-recommends $missing && exit 0
	echo "error: apt-get could not install:$missing" >&2
	exit 1
fi
echo "error: missing Debian packages. Run as root:" >&2
echo "  apt-get update && apt-get install -y$missing" >&2
exit 1
