#!/usr/bin/env bash
# Temporal's Java time-skipping test server (io.temporal:temporal-test-server from Maven Central),
# for TestWorkflowEnvironment.createTimeSkipping in @temporalio/testing.
#
# Installs $SPINWAY_TOOLS_DIR/temporal-test-server-$TEMPORAL_TEST_SERVER_VERSION/:
#   lib/                       the jar and its runtime dependency closure (Maven)
#   cds/app.jsa                AppCDS class-data archive for this JVM and this lib/ (start-up speed)
#   cds/classes.lst            the classes a warm-up run loaded, from which app.jsa was dumped
#   bin/temporal-test-server   wrapper: `temporal-test-server <port> [--enable-time-skipping]`
#
# The SDK gives the server 5 s to answer GetSystemInfo. Measured on 2 cores (createTimeSkipping,
# which includes the SDK's first 100 ms poll delay): a plain `java -cp lib/*` takes 0.6 s idle,
# 1.3-2.1 s beside 2 busy processes and up to 4.2 s beside 4; with C1-only JIT, serial GC and the
# archive it takes 0.25 s, 0.75-0.85 s and 0.8-1.3 s.
#
# Idempotent: does nothing when the wrapper exists and a test start answers gRPC. Everything is
# built in a temporary folder and moved into place, so an interrupted run leaves no half install.
# TEMPORAL_TEST_SERVER_BIN=/path/to/wrapper skips all of this (scripts/tools.ts honours it too).
source "$(dirname "$0")/lib.sh"

version="$TEMPORAL_TEST_SERVER_VERSION"
name="temporal-test-server"
dir="$SPINWAY_TOOLS_DIR/$name-$version"
wrapper="$dir/bin/$name"
main_class="io.temporal.testserver.TestServer"
# C1 only (the server does little work; C2 compiles cost CPU at start), serial GC (no GC threads
# to start), no /tmp/hsperfdata file, class-data sharing on when the archive is usable.
jvm_flags=(-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:-UsePerfData -Xshare:auto)

step "Temporal test server $version (Java, time-skipping)"

if [ -n "${TEMPORAL_TEST_SERVER_BIN:-}" ]; then
  [ -x "$TEMPORAL_TEST_SERVER_BIN" ] || fail "TEMPORAL_TEST_SERVER_BIN=$TEMPORAL_TEST_SERVER_BIN is not an executable file."
  info "using TEMPORAL_TEST_SERVER_BIN=$TEMPORAL_TEST_SERVER_BIN"; exit 0
fi

# --- helpers -----------------------------------------------------------------------------------

now_ms() { date +%s%3N; }

# A TCP port nothing listens on (the server binds 0.0.0.0:<port>, as the SDK's launcher expects).
free_port() {
  local port
  for _ in $(seq 50); do
    port=$((20000 + RANDOM % 40000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return 0; fi
  done
  return 1
}

# grpc_call <port> <service/method> <request file>: one unary gRPC call over h2c; succeeds when the
# server answers grpc-status 0. Request files hold a gRPC frame: 0, 4-byte length, protobuf bytes.
grpc_call() {
  curl -s --max-time 3 --http2-prior-knowledge -H 'content-type: application/grpc' -H 'te: trailers' \
    --data-binary "@$3" -o /dev/null -D - "http://127.0.0.1:$1/temporal.api.$2" 2>/dev/null |
    tr -d '\r' | grep -qx 'grpc-status: 0'
}

# wait_ready <port> <pid> <timeout s> <frames dir>: waits until the server answers GetSystemInfo (what
# the SDK polls), or, without curl, accepts TCP connections. Prints the milliseconds it took.
wait_ready() {
  local port="$1" pid="$2" deadline=$(( $(now_ms) + $3 * 1000 )) frames="$4" start
  start=$(now_ms)
  while [ "$(now_ms)" -lt "$deadline" ]; do
    kill -0 "$pid" 2>/dev/null || return 1
    if command -v curl >/dev/null 2>&1; then
      grpc_call "$port" workflowservice.v1.WorkflowService/GetSystemInfo "$frames/empty.bin" && { echo $(( $(now_ms) - start )); return 0; }
    elif (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo $(( $(now_ms) - start )); return 0
    fi
    sleep 0.05
  done
  return 1
}

# The request bodies the warm-up sends (protobuf written out by hand: field 1 = 0x0a, length, bytes).
write_frames() {
  mkdir -p "$1"
  printf '\x00\x00\x00\x00\x00' >"$1/empty.bin"                                            # Empty
  printf '\x00\x00\x00\x00\x09\x0a\x07default' >"$1/namespace.bin"                        # {namespace:"default"}
  printf '\x00\x00\x00\x00\x04\x0a\x02\x08\x01' >"$1/sleep-1s.bin"                         # {duration:{seconds:1}}
}

stop_server() { # <pid>: SIGTERM (a clean JVM exit), SIGKILL after 10 s
  local pid="$1"
  kill -TERM "$pid" 2>/dev/null || return 0
  for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

# check_wrapper <wrapper> <frames dir>: starts it as the SDK does and prints the start-up time. With
# an archive, -Xshare:on makes a stale one (other JVM build, moved lib/) fail instead of being ignored.
check_wrapper() {
  local bin="$1" frames="$2" port pid ms opts=""
  [ -x "$bin" ] || return 1
  [ -f "$(dirname "$bin")/../cds/app.jsa" ] && opts="-Xshare:on"
  port="$(free_port)" || return 1
  TEMPORAL_TEST_SERVER_JAVA_OPTS="$opts" "$bin" "$port" --enable-time-skipping >"$frames/check.log" 2>&1 &
  pid=$!
  ms="$(wait_ready "$port" "$pid" 30 "$frames")" || { stop_server "$pid"; return 1; }
  stop_server "$pid"
  echo "$ms"
}

# --- already installed? --------------------------------------------------------------------------

# One install at a time (a second `npm run setup` waits, then finds the install done).
if command -v flock >/dev/null 2>&1; then
  exec 9>"$SPINWAY_TOOLS_DIR/.$name.lock"
  flock 9
fi

scratch="$(mktemp -d)"
tmp=""
server_pid=""
placing=""
cleanup() {
  [ -n "$server_pid" ] && stop_server "$server_pid"
  # A symlink at $dir exists only while the archive is dumped; it must never outlive this run.
  [ -L "$dir" ] && rm -f "$dir"
  [ -n "$tmp" ] && rm -rf "$tmp"
  # Interrupted between moving the folder into place and moving the wrapper in: no half install.
  [ -n "$placing" ] && rm -rf "$dir"
  rm -rf "$scratch"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
write_frames "$scratch"

# Leftovers of a run that was killed outright (the lock says no other run is active).
[ -L "$dir" ] && rm -f "$dir"
rm -rf "$SPINWAY_TOOLS_DIR/.$name-$version-"*

if [ -x "$wrapper" ]; then
  if ms="$(check_wrapper "$wrapper" "$scratch")"; then
    info "already installed: $wrapper (answered GetSystemInfo $ms ms after launch)"
    exit 0
  fi
  info "$wrapper exists but did not start (JVM changed or install damaged); reinstalling"
fi

# --- install --------------------------------------------------------------------------------------

started=$SECONDS
need java "The test server needs Java 11+: apt-get install default-jre-headless maven (Debian), or set TEMPORAL_TEST_SERVER_BIN=/path/to/temporal-test-server to use an existing wrapper."
need mvn "Maven resolves the test server's jars from Maven Central: apt-get install default-jre-headless maven (Debian), or set TEMPORAL_TEST_SERVER_BIN=/path/to/temporal-test-server to use an existing wrapper."
# The JVM that will run the server, pinned in the wrapper: the class-data archive is valid for it only.
java_bin="$(readlink -f "$(command -v java)")"
java_version="$("$java_bin" -version 2>&1 | sed -n 's/.*version "\([^"]*\)".*/\1/p' | head -n1)"
java_major="${java_version%%.*}"
[ "$java_major" = 1 ] && java_major="$(echo "$java_version" | cut -d. -f2)"
[[ "$java_major" =~ ^[0-9]+$ ]] && [ "$java_major" -ge 11 ] ||
  fail "$java_bin is Java ${java_version:-of unknown version}; the test server setup needs Java 11+ (apt-get install default-jre-headless)."
info "java: $java_bin ($java_version)"

tmp="$(mktemp -d "$SPINWAY_TOOLS_DIR/.$name-$version-XXXXXX")"
chmod 755 "$tmp"
mkdir -p "$tmp/bin" "$tmp/cds"

info "resolving io.temporal:$name:$version and its dependencies from Maven Central (mvn dependency:copy-dependencies)"
if ! mvn -B -q -Dstyle.color=never -f "$SETUP_DIR/$name/pom.xml" dependency:copy-dependencies \
    "-D$name.version=$version" "-DoutputDirectory=$tmp/lib" >"$scratch/mvn.log" 2>&1; then
  tail -n 30 "$scratch/mvn.log" >&2
  fail "Maven could not resolve io.temporal:$name:$version (see above). Is Maven Central reachable? Is TEMPORAL_TEST_SERVER_VERSION in scripts/setup/versions.env a published version?"
fi
[ -f "$tmp/lib/$name-$version.jar" ] || fail "Maven finished but $tmp/lib/$name-$version.jar is missing."
info "lib/: $(find "$tmp/lib" -name '*.jar' | wc -l) jars, $(du -sh "$tmp/lib" | cut -f1)"

# The wrapper is the install's "done" mark: it gets its name only once everything else is in place.
new_wrapper="bin/.$name.new"
info "writing bin/$name (exec $java_bin ${jvm_flags[*]} + class-data archive)"
{
  echo '#!/usr/bin/env bash'
  echo "# Temporal Java time-skipping test server $version, written by scripts/setup/temporal-test-server.sh."
  echo '# Usage: temporal-test-server <port> [--enable-time-skipping]   (what @temporalio/testing runs)'
  echo '# Extra JVM options: TEMPORAL_TEST_SERVER_JAVA_OPTS (e.g. -Xmx512m).'
  echo '# Fast start-up: C1-only JIT, serial GC, no hsperfdata, and the AppCDS archive cds/app.jsa made at'
  echo '# install time for this JVM and this lib/ (a JVM that cannot use it starts without it, slower).'
  echo 'set -f'
  printf 'home=%q\n' "$dir"
  # shellcheck disable=SC2016
  printf 'exec %q %s -XX:SharedArchiveFile="$home/cds/app.jsa" $TEMPORAL_TEST_SERVER_JAVA_OPTS -cp "$home/lib/*" %s "$@"\n' \
    "$java_bin" "${jvm_flags[*]}" "$main_class"
} >"$tmp/$new_wrapper"
chmod 755 "$tmp/$new_wrapper"

info "warm-up run: starting the server, calling the RPCs the SDK uses, recording the classes loaded"
port="$(free_port)" || fail "no free TCP port found for the warm-up run"
"$java_bin" "${jvm_flags[@]}" -XX:DumpLoadedClassList="$tmp/cds/classes.lst" -cp "$tmp/lib/*" "$main_class" \
  "$port" --enable-time-skipping >"$scratch/warmup.log" 2>&1 &
server_pid=$!
if ! wait_ready "$port" "$server_pid" 60 "$scratch" >/dev/null; then
  cat "$scratch/warmup.log" >&2
  fail "the test server did not start within 60 s in the warm-up run (output above)"
fi
if command -v curl >/dev/null 2>&1; then
  # Errors are fine here (no workflow to describe): error paths load classes too.
  grpc_call "$port" workflowservice.v1.WorkflowService/GetSystemInfo "$scratch/empty.bin" || true
  grpc_call "$port" workflowservice.v1.WorkflowService/DescribeNamespace "$scratch/namespace.bin" || true
  grpc_call "$port" testservice.v1.TestService/GetCurrentTime "$scratch/empty.bin" || true
  grpc_call "$port" testservice.v1.TestService/LockTimeSkipping "$scratch/empty.bin" || true
  grpc_call "$port" testservice.v1.TestService/UnlockTimeSkipping "$scratch/empty.bin" || true
  grpc_call "$port" testservice.v1.TestService/UnlockTimeSkippingWithSleep "$scratch/sleep-1s.bin" || true
else
  info "(curl not found: the warm-up only waits for the port, so first-request classes are not archived)"
fi
stop_server "$server_pid"
server_pid=""
info "$(wc -l <"$tmp/cds/classes.lst") classes recorded in cds/classes.lst"

# The archive records lib/'s absolute path, so it is dumped through $dir: a symlink to $tmp for the
# few seconds of the dump, then replaced by $tmp itself (same files, same path string).
info "dumping the class-data archive cds/app.jsa (java -Xshare:dump)"
rm -rf "$dir"
ln -s "$tmp" "$dir"
if ! "$java_bin" -Xshare:dump -XX:SharedClassListFile="$dir/cds/classes.lst" -XX:SharedArchiveFile="$dir/cds/app.jsa" \
    -cp "$dir/lib/*" >"$scratch/dump.log" 2>&1; then
  tail -n 20 "$scratch/dump.log" >&2
  rm -f "$dir/cds/app.jsa"
  info "WARNING: the archive could not be dumped (above); the server will start without it, more slowly"
fi
rm -f "$dir"
placing=1
mv "$tmp" "$dir"
tmp=""
[ -f "$dir/cds/app.jsa" ] && info "cds/app.jsa: $(du -sh "$dir/cds/app.jsa" | cut -f1)"

info "checking: launching the wrapper as the SDK does and waiting for GetSystemInfo"
if ! ms="$(check_wrapper "$dir/$new_wrapper" "$scratch")"; then
  cat "$scratch/check.log" >&2
  fail "the installed test server did not start (output above); install removed"
fi
mv -f "$dir/$new_wrapper" "$wrapper"
placing=""
info "answered GetSystemInfo $ms ms after launch (the SDK allows 5000 ms)"
info "installed $wrapper in $((SECONDS - started)) s"
