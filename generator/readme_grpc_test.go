package generator

import (
	"strings"
	"testing"

	"github.com/svcgen/svcgen/templates"
)

// Reflection, which grpcurl needs to learn the API, is authenticated like the API
// itself: every grpcurl example in a gRPC project's README, the health check's
// included, must carry the credential of its auth option (checked by hand against
// running services with grpcurl v1.9.3).
func TestREADMEGrpcurlExamplesCarryCredentials(t *testing.T) {
	for auth, header := range map[Auth]string{
		AuthAPIKey: `-H "x-api-key: $API_KEYS"`,
		AuthJWT:    `-H "authorization: Bearer $TOKEN"`,
		AuthNone:   "",
	} {
		t.Run(string(auth), func(t *testing.T) {
			s := NewSpec("orders")
			s.Transport, s.Auth = TransportGRPC, auth
			files, err := Generate(s, templates.FS, "test")
			if err != nil {
				t.Fatal(err)
			}
			var examples int
			for line := range strings.Lines(string(fileData(t, files, "README.md"))) {
				if !strings.HasPrefix(line, "grpcurl ") {
					continue
				}
				examples++
				if strings.Count(line, " -H ") != strings.Count(header, "-H ") || !strings.Contains(line, header) {
					t.Errorf("README example %q, want exactly the credential header %q", strings.TrimSpace(line), header)
				}
			}
			if examples < 2 {
				t.Errorf("README has %d grpcurl examples, want the health check and a call", examples)
			}
		})
	}
}
