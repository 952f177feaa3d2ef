package protobuild

import (
	"strings"

	"google.golang.org/protobuf/compiler/protogen"
)

// Signatures and stream types of the generated gRPC methods, by streaming kind.

// kind is the streaming shape of an RPC.
type kind int

const (
	unary kind = iota
	serverStream
	clientStream
	bidiStream
)

func kindOf(m *protogen.Method) kind {
	switch c, s := m.Desc.IsStreamingClient(), m.Desc.IsStreamingServer(); {
	case c && s:
		return bidiStream
	case c:
		return clientStream
	case s:
		return serverStream
	}
	return unary
}

// streamType names the grpc generic stream types of each kind, client side then server side.
var streamType = map[kind][2]string{
	serverStream: {"ServerStreamingClient", "ServerStreamingServer"},
	clientStream: {"ClientStreamingClient", "ClientStreamingServer"},
	bidiStream:   {"BidiStreamingClient", "BidiStreamingServer"},
}

// clientSignature is a client method's name, parameters and results.
func (w serviceWriter) clientSignature(m *protogen.Method) string {
	q := w.g.QualifiedGoIdent
	params := []string{"ctx " + q(pkgContext.Ident("Context"))}
	k := kindOf(m)
	if k == unary || k == serverStream {
		params = append(params, "in *"+q(m.Input.GoIdent))
	}
	params = append(params, "opts ..."+q(pkgGRPC.Ident("CallOption")))
	result := "*" + q(m.Output.GoIdent)
	if k != unary {
		result = w.streamIface(m, 0)
	}
	return m.GoName + "(" + strings.Join(params, ", ") + ") (" + result + ", error)"
}

// serverSignature is a server method's name, parameters and results.
func (w serviceWriter) serverSignature(m *protogen.Method) string {
	q := w.g.QualifiedGoIdent
	switch k := kindOf(m); k {
	case unary:
		return m.GoName + "(" + q(pkgContext.Ident("Context")) + ", *" + q(m.Input.GoIdent) + ") (*" + q(m.Output.GoIdent) + ", error)"
	case serverStream:
		return m.GoName + "(*" + q(m.Input.GoIdent) + ", " + w.streamIface(m, 1) + ") error"
	default:
		return m.GoName + "(" + w.streamIface(m, 1) + ") error"
	}
}

// streamIface is the generic stream interface of a streaming method, for the client
// (side 0) or the server (side 1). Server streams are typed by the response only.
func (w serviceWriter) streamIface(m *protogen.Method, side int) string {
	k := kindOf(m)
	name := w.g.QualifiedGoIdent(pkgGRPC.Ident(streamType[k][side]))
	if k == serverStream {
		return name + "[" + w.g.QualifiedGoIdent(m.Output.GoIdent) + "]"
	}
	return w.generic(m, streamType[k][side])
}

// generic instantiates a grpc generic type with the method's request and response types.
func (w serviceWriter) generic(m *protogen.Method, grpcType string) string {
	q := w.g.QualifiedGoIdent
	return q(pkgGRPC.Ident(grpcType)) + "[" + q(m.Input.GoIdent) + ", " + q(m.Output.GoIdent) + "]"
}

// lowerFirst lower-cases the first byte of a Go identifier, as protoc-gen-go-grpc does
// for the unexported client type (Go names from protogen start with an ASCII letter).
func lowerFirst(s string) string { return strings.ToLower(s[:1]) + s[1:] }
