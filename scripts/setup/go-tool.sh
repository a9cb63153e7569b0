# Builds a Go program with `go install` into $SPINWAY_TOOLS_DIR/<name>-<version>/bin, once.
# Sourced by temporal-cli.sh and minio.sh. Usage: go_tool <name> <module/cmd path> <version> <binary>
go_tool() {
  local name="$1" pkg="$2" version="$3" binary="$4"
  local dir="$SPINWAY_TOOLS_DIR/$name-$version"
  if [ -x "$dir/bin/$binary" ]; then
    info "$name $version already built: $dir/bin/$binary"
    return 0
  fi
  need go "Install Go 1.24+ (Debian: apt-get install golang-go, or https://go.dev) or point Spinway at an existing binary (see README, Configuration)."
  info "building $pkg@$version with $(go version | cut -d' ' -f3) (several minutes on 2 cores; done once per machine)"
  local tmp
  tmp="$(mktemp -d "$SPINWAY_TOOLS_DIR/.$name-XXXXXX")"
  chmod 755 "$tmp"
  # CGO off: static binaries that run on any Linux of the same architecture.
  if ! CGO_ENABLED=0 GOBIN="$tmp/bin" GOFLAGS=-trimpath go install "$pkg@$version"; then
    rm -rf "$tmp"
    fail "go install $pkg@$version failed (see above). Is the Go module proxy reachable (GOPROXY=$(go env GOPROXY))?"
  fi
  rm -rf "$dir" && mv "$tmp" "$dir"
  info "built $dir/bin/$binary"
}
