package middleware

import (
	"net/http"
	"net/netip"

	"github.com/acme/billing/internal/callinfo"
	"github.com/acme/billing/internal/ratelimit"
)

// ClientIP returns the address of the client that sent r: the connection's peer,
// or, when that peer is a trusted proxy, the client its X-Forwarded-For names (see
// ratelimit.ClientAddr). Unlike chi's deprecated RealIP, headers from untrusted
// peers are ignored. The zero Addr means the peer address could not be parsed.
// The header is looked up under its canonical name, as net/http stores it,
// without Values' canonicalization on every request. It is found once per
// request (callinfo.ClientAddr): by the rate limit, then reused by the access log.
func ClientIP(r *http.Request, trusted []netip.Prefix) netip.Addr {
	return callinfo.ClientAddr(r.Context(), func() netip.Addr { return findClientIP(r, trusted) })
}

func findClientIP(r *http.Request, trusted []netip.Prefix) netip.Addr {
	peer, err := netip.ParseAddrPort(r.RemoteAddr)
	if err != nil {
		return netip.Addr{}
	}
	return ratelimit.ClientAddr(peer.Addr(), r.Header["X-Forwarded-For"], trusted)
}
