package grpcserver

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"path"
	"runtime"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/http2"
	"golang.org/x/net/http2/hpack"
	"google.golang.org/grpc/codes"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/protobuf/encoding/protowire"

	ledgerv1 "example.com/platform/ledger/gen/ledger/v1"
)

// served is what rawConn.call reports for a call the server answered with OK.
const served = "grpc-status 0"

// Metadata above the limit is refused before any handler runs, and refusing it
// costs the server little: each of 50 calls with 1 MiB of metadata may make the
// process allocate at most half of that (measured: about 0.2 MiB, mostly the new
// connection, since the server closes one that sends that much). Without the
// limit, grpc-go accepts up to 16 MiB and keeps all of it: over 1 MiB per call.
func TestOversizedMetadataIsRefused(t *testing.T) {
	ts := start(t, Options{})
	c := dialRaw(t, ts.addr)
	if got := c.call(t, headerBlock(32<<10)); got != served {
		t.Fatalf("health Check with 32 KiB of metadata: %s, want it served", got)
	}
	const calls, metadata = 50, 1 << 20
	big := headerBlock(metadata)
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	for i := range calls {
		if got := c.call(t, big); got == served {
			t.Fatalf("call %d with 1 MiB of metadata was served", i+1)
		}
	}
	runtime.ReadMemStats(&after)
	if perCall := (after.TotalAlloc - before.TotalAlloc) / calls; perCall > metadata/2 {
		t.Errorf("each refused call allocated %d KiB: the server keeps metadata it should refuse", perCall>>10)
	}
}

func TestMaxHeaderBytesIsConfigurable(t *testing.T) {
	ts := start(t, Options{MaxHeaderBytes: 16 << 10})
	if got := dialRaw(t, ts.addr).call(t, headerBlock(32<<10)); got == served {
		t.Errorf("32 KiB of metadata with a 16 KiB limit was served")
	}
}

// Messages over the limit are refused before the handler runs, unary or stream,
// and each refusal is logged: the access log cannot show them, since grpc-go
// refuses unary ones before any interceptor.
func TestOversizedMessageIsRefused(t *testing.T) {
	var logs syncBuffer
	ts := start(t, Options{Logger: slog.New(slog.NewJSONHandler(&logs, nil))})
	sendTooLarge(t, ts)
	if err := ts.shutdown(t); err != nil {
		t.Errorf("shutdown: %v", err)
	}
	refused := map[string]bool{}
	for line := range strings.Lines(logs.String()) {
		var entry map[string]any
		if err := json.Unmarshal([]byte(line), &entry); err != nil {
			t.Fatalf("log line %q: %v", line, err)
		}
		if entry["msg"] == "grpc message too large" && entry["level"] == "WARN" && entry["client"] == "127.0.0.1" {
			refused[path.Base(entry["method"].(string))] = true
		}
	}
	if !refused["CreateUser"] || !refused["ListUsers"] {
		t.Errorf("refusals logged for %v, want CreateUser and ListUsers; log:\n%s", refused, logs.String())
	}
}

// sendTooLarge makes one unary and one streaming call whose request message is a
// byte over the limit, and checks that both are refused with RESOURCE_EXHAUSTED.
func sendTooLarge(t *testing.T, ts *testServer) {
	t.Helper()
	big := strings.Repeat("x", maxRecvMsgSize+1)
	if _, err := ts.users.CreateUser(t.Context(), &ledgerv1.CreateUserRequest{Name: big, Email: "big@example.com"}); code(err) != codes.ResourceExhausted {
		t.Errorf("CreateUser with a %d-byte name: %v, want ResourceExhausted", len(big), err)
	}
	// ListUsersRequest has no field to fill: an unknown one makes it large.
	req := &ledgerv1.ListUsersRequest{}
	req.ProtoReflect().SetUnknown(protowire.AppendBytes(protowire.AppendTag(nil, 1000, protowire.BytesType), []byte(big)))
	stream, err := ts.users.ListUsers(t.Context(), req)
	if err == nil {
		_, err = stream.Recv()
	}
	if code(err) != codes.ResourceExhausted {
		t.Errorf("ListUsers with a %d-byte request: %v, want ResourceExhausted", len(big), err)
	}
}

// rawConn is an HTTP/2 connection that sends what it is told, as an attacker's
// client would: grpc-go's own client refuses to send more metadata than the
// server advertises, so it cannot show what the server does with it.
type rawConn struct {
	addr string
	conn net.Conn
	fr   *http2.Framer
	next uint32 // the next stream ID
}

func dialRaw(t *testing.T, addr string) *rawConn {
	t.Helper()
	c := &rawConn{addr: addr}
	c.redial(t)
	t.Cleanup(func() { c.conn.Close() })
	return c
}

func (c *rawConn) redial(t *testing.T) {
	t.Helper()
	if c.conn != nil {
		c.conn.Close()
	}
	conn, err := net.DialTimeout("tcp", c.addr, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	// Bounds every read and write of the test, should the server stop answering.
	if err := conn.SetDeadline(time.Now().Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	c.conn, c.next = conn, 1
	c.fr = http2.NewFramer(conn, conn)
	c.fr.ReadMetaHeaders = hpack.NewDecoder(4096, nil)
	if _, err := io.WriteString(conn, http2.ClientPreface); err != nil {
		t.Fatal(err)
	}
	if err := c.fr.WriteSettings(); err != nil {
		t.Fatal(err)
	}
}

// headerBlock is the HPACK-encoded header list of a health Check with pad bytes of
// extra metadata. Health checks need no credentials: anyone can send them.
// WriteField fails only when its writer does, and a bytes.Buffer never does.
func headerBlock(pad int) []byte {
	var buf bytes.Buffer
	enc := hpack.NewEncoder(&buf)
	for _, f := range [][2]string{
		{":method", "POST"}, {":scheme", "http"}, {":path", healthpb.Health_Check_FullMethodName},
		{":authority", "localhost"}, {"content-type", "application/grpc"}, {"te", "trailers"},
	} {
		_ = enc.WriteField(hpack.HeaderField{Name: f[0], Value: f[1]})
	}
	const field = 8 << 10
	value := strings.Repeat("x", field-32) // 32: HPACK's per-field overhead
	for i := range pad / field {
		_ = enc.WriteField(hpack.HeaderField{Name: fmt.Sprintf("x-pad-%04d", i), Value: value, Sensitive: true})
	}
	return buf.Bytes()
}

// call sends one call with the given header block and an empty request message,
// and reports how the server answered: served, or why not. After a connection
// error it dials again, so that the next call has a connection.
func (c *rawConn) call(t *testing.T, block []byte) string {
	t.Helper()
	id := c.next
	c.next += 2
	// A header block goes out in frames of at most 16 KiB, HTTP/2's default.
	const frame = 16 << 10
	first := block[:min(frame, len(block))]
	rest := block[len(first):]
	err := c.fr.WriteHeaders(http2.HeadersFrameParam{StreamID: id, BlockFragment: first, EndHeaders: len(rest) == 0})
	for err == nil && len(rest) > 0 {
		n := min(frame, len(rest))
		err = c.fr.WriteContinuation(id, n == len(rest), rest[:n])
		rest = rest[n:]
	}
	if err == nil {
		err = c.fr.WriteData(id, true, []byte{0, 0, 0, 0, 0}) // uncompressed, 0 bytes long
	}
	for err == nil {
		var f http2.Frame
		if f, err = c.fr.ReadFrame(); err != nil {
			break
		}
		switch f := f.(type) {
		case *http2.SettingsFrame:
			if !f.IsAck() {
				err = c.fr.WriteSettingsAck()
			}
		case *http2.PingFrame:
			if !f.IsAck() {
				err = c.fr.WritePing(true, f.Data)
			}
		case *http2.GoAwayFrame:
			c.redial(t)
			return "GOAWAY " + f.ErrCode.String()
		case *http2.RSTStreamFrame:
			if f.StreamID == id {
				return "RST_STREAM " + f.ErrCode.String()
			}
		case *http2.MetaHeadersFrame:
			if f.StreamID == id && f.StreamEnded() { // the trailers
				for _, h := range f.RegularFields() {
					if h.Name == "grpc-status" {
						return "grpc-status " + h.Value
					}
				}
				return "trailers without grpc-status"
			}
		}
	}
	c.redial(t)
	return "connection error: " + err.Error()
}
