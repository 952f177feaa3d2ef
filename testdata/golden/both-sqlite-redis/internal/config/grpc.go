package config

import (
	"errors"
	"fmt"
	"strconv"
)

// GRPC configures the gRPC server.
type GRPC struct {
	// Addr is the address the gRPC server listens on (GRPC_ADDR).
	Addr string
	// MaxHeaderBytes caps the metadata (HTTP/2 header list) of one gRPC call
	// (GRPC_MAX_HEADER_BYTES; see minHeaderBytes).
	MaxHeaderBytes int
}

func defaultGRPC() GRPC { return GRPC{Addr: ":9090", MaxHeaderBytes: 64 << 10} }

func (g *GRPC) load(getenv func(string) string) error {
	return errors.Join(
		parseAddr(getenv, "GRPC_ADDR", &g.Addr),
		parseHeaderBytes(getenv, "GRPC_MAX_HEADER_BYTES", &g.MaxHeaderBytes),
	)
}

// A gRPC call's metadata arrives as an HTTP/2 header list, which grpc-go accepts
// up to 16 MiB by default: one call could then make the server hold 16 MiB, and
// each connection carries up to 256 calls. GRPC_MAX_HEADER_BYTES bounds it like
// the HTTP server's 64 KiB header limit. Below 4 KiB even ordinary calls would be
// refused; above 16 MiB the setting would change nothing.
const (
	minHeaderBytes = 4 << 10
	maxHeaderBytes = 16 << 20
)

// parseHeaderBytes accepts a size in bytes within [minHeaderBytes, maxHeaderBytes].
func parseHeaderBytes(getenv func(string) string, name string, dst *int) error {
	v := getenv(name)
	if v == "" {
		return nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < minHeaderBytes || n > maxHeaderBytes {
		return fmt.Errorf("%s=%q: want a size in bytes from %d to %d, such as 65536", name, v, minHeaderBytes, maxHeaderBytes)
	}
	*dst = n
	return nil
}
