package httpserver

import (
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"reflect"
	"strconv"
	"strings"

	"example.com/shop/inventory/internal/respond"
)

// decode reads one JSON object into v, answering 415, 413 or 400 itself when it
// cannot. Unknown fields are refused, so that a misspelt field is not silently lost.
func decode(w http.ResponseWriter, r *http.Request, v any) bool {
	if mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err != nil || mt != "application/json" {
		respond.Error(w, http.StatusUnsupportedMediaType, respond.CodeUnsupportedType, "send Content-Type: application/json")
		return false
	}
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, apiMaxBodyBytes))
	dec.DisallowUnknownFields()
	err := dec.Decode(v)
	var tooLarge *http.MaxBytesError
	if err == nil {
		if extra := dec.Decode(&struct{}{}); extra != io.EOF {
			err = extra
			if !errors.As(extra, &tooLarge) {
				err = errTrailingData
			}
		}
	}
	switch {
	case errors.As(err, &tooLarge):
		respond.Error(w, http.StatusRequestEntityTooLarge, respond.CodeTooLarge, "the request body is too large")
		return false
	case err != nil:
		message, fields := jsonProblem(err)
		respond.Invalid(w, message, fields)
		return false
	}
	return true
}

// decodePage reads the page parameters of a list, ?limit=N&after=KEY, answering
// 400 itself when limit is not a whole number. An absent limit is 0, which the
// service turns into the default page size; the service checks the range, for
// every transport alike (resource.PageSize).
func decodePage(w http.ResponseWriter, r *http.Request) (after string, limit int, ok bool) {
	q := r.URL.Query()
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			respond.Invalid(w, "invalid query", map[string]string{"limit": "must be a whole number"})
			return "", 0, false
		}
		limit = n
	}
	return q.Get("after"), limit, true
}

var errTrailingData = errors.New("request body must be one JSON object, with nothing after it")

// jsonProblem describes a decoding error in the API's terms, naming the field
// at fault (also in fields, as validation errors do) but never echoing the input
// or encoding/json's Go wording.
func jsonProblem(err error) (message string, fields map[string]string) {
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syntax):
		return "malformed JSON at byte " + strconv.FormatInt(syntax.Offset, 10), nil
	case errors.As(err, &typ) && typ.Field == "":
		// The body itself is the wrong kind of value: [1,2], "x" or 3.
		return "request body must be a JSON object", nil
	case errors.As(err, &typ):
		want := "must be " + jsonKind(typ.Type)
		return "field " + strconv.Quote(typ.Field) + " " + want, map[string]string{typ.Field: want}
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return "request body is empty or truncated", nil
	case errors.Is(err, errTrailingData):
		return err.Error(), nil
	}
	// encoding/json reports an unknown field only as an untyped error with this
	// wording; the field's name is quoted in it.
	if quoted, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		if name, uerr := strconv.Unquote(quoted); uerr == nil {
			return "unknown field " + quoted, map[string]string{name: "unknown field"}
		}
	}
	return "request body is not valid JSON for this request", nil
}

// jsonKind names the JSON value a Go type is decoded from.
func jsonKind(t reflect.Type) string {
	switch t.Kind() {
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.Slice, reflect.Array:
		return "an array"
	case reflect.Struct, reflect.Map:
		return "an object"
	}
	return "another kind of value"
}
