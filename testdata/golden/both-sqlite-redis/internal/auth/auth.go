// Package auth authenticates API callers, with checks that every transport
// shares; a refused call never reaches a handler. An accepted caller is recorded
// in the call's callinfo.Info, where handlers read it with callinfo.Caller and
// the access log names it; a refused one's reason (NoCredentials,
// BadCredentials) is recorded there too. Health and metrics endpoints need no
// credentials.
package auth

// Why a call was refused, as the access log says. The caller is never told which:
// it learns nothing about the keys.
const (
	NoCredentials  = "no credentials"
	BadCredentials = "bad credentials"
)

// Failure is why a call whose credentials failed was refused: BadCredentials if
// it presented any, NoCredentials if not.
func Failure(presented bool) string {
	if presented {
		return BadCredentials
	}
	return NoCredentials
}
