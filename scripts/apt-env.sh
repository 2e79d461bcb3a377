# Sourced by the scripts that install Debian packages on a fresh machine (jvm-env.sh, dist.sh,
# test-quickstarts.sh, test-aarch64.sh): `apt_install PKG...` (apt-get update once per shell first)
# and `as_root COMMAND...`.
as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    echo "need root to run: $*" >&2
    return 1
  fi
}

apt_updated=${apt_updated:-}
apt_install() {
  if [ -z "$apt_updated" ]; then
    as_root apt-get update -qq
    apt_updated=1
  fi
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "$@" >/dev/null
}
