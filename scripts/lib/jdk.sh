# Sourced by ./meshlens and ./scripts/*: exports JAVA_HOME pointing at a JDK >= 21.
# Order: $JAVA_HOME, then the newest JDK under /usr/lib/jvm. The machine's default java may be 17.

jdk_major() { # prints the major version of the JDK at $1, or nothing
  local rel="$1/release"
  [ -x "$1/bin/javac" ] || return 0
  if [ -f "$rel" ]; then
    sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$rel"
  fi
}

find_jdk21() {
  local cand best="" best_v=0 v
  if [ -n "${JAVA_HOME:-}" ]; then
    v=$(jdk_major "$JAVA_HOME")
    if [ -n "$v" ] && [ "$v" -ge 21 ]; then echo "$JAVA_HOME"; return 0; fi
  fi
  for cand in /usr/lib/jvm/*; do
    [ -d "$cand" ] || continue
    v=$(jdk_major "$cand")
    if [ -n "$v" ] && [ "$v" -ge 21 ] && [ "$v" -gt "$best_v" ]; then best="$cand"; best_v="$v"; fi
  done
  [ -n "$best" ] && { echo "$best"; return 0; }
  return 1
}

if ! JAVA_HOME=$(find_jdk21); then
  cat >&2 <<'MSG'
meshlens needs a JDK 21 or newer, and none was found (checked $JAVA_HOME and /usr/lib/jvm/*).
Install one, e.g. on Debian/Ubuntu:  sudo apt-get install openjdk-21-jdk-headless
(or any JDK >= 21, then set JAVA_HOME to it).
MSG
  exit 1
fi
export JAVA_HOME
export PATH="$JAVA_HOME/bin:$PATH"

# Maven's bundled Guava touches sun.misc.Unsafe; JDK 24+ prints a warning for it on every build.
if [ "$(jdk_major "$JAVA_HOME")" -ge 24 ] 2>/dev/null; then
  case " ${MAVEN_OPTS:-} " in
    *sun-misc-unsafe-memory-access*) ;;
    *) export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow" ;;
  esac
fi
