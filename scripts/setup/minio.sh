#!/usr/bin/env bash
# MinIO object store for documents. The community edition is source-only, so it is built from
# the Go module at a pinned pseudo-version. The code only speaks S3, so any S3 store works too.
source "$(dirname "$0")/lib.sh"
source "$SETUP_DIR/go-tool.sh"
step "MinIO $MINIO_VERSION (S3 document store)"
if [ -n "${MINIO_BIN:-}" ]; then
  [ -x "$MINIO_BIN" ] || fail "MINIO_BIN=$MINIO_BIN is not an executable file."
  info "using MINIO_BIN=$MINIO_BIN"; exit 0
fi
go_tool minio github.com/minio/minio "$MINIO_VERSION" minio
