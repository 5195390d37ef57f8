# Sourced by the launchers. ensure_built MODULE JAR builds MODULE (and what it needs) with the Maven
# wrapper when JAR is missing or older than any main source or build file of the project.
# Expects $root to be the project's root.
ensure_built() {
  local module="$1" jar="$2"
  if [[ -f "$jar" && -z "$(find "$root" -path "$root/.git" -prune -o -path '*/target' -prune -o \
      \( -path '*/src/main/*' -o -name 'pom.xml' \) -type f -newer "$jar" -print -quit)" ]]; then
    return
  fi
  echo "Building $module (first run, or sources changed)..." >&2
  (cd "$root" && ./mvnw -q -B -DskipTests -Dspotless.check.skip=true -pl "$module" -am package) >&2
}

# require_java sets $java: $JAVA_HOME/bin/java when JAVA_HOME is set, else java on the PATH.
require_java() {
  java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
  if ! command -v "$java" >/dev/null 2>&1; then
    echo "This needs Java 17 or newer: set JAVA_HOME or put java on the PATH" >&2
    exit 1
  fi
}
