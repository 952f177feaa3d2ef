module tiny

go 1.26.0

require (
	github.com/go-chi/chi/v5 v5.5.0
	github.com/go-chi/cors v1.2.2
	go.uber.org/goleak v1.3.0
	golang.org/x/time v0.16.0
)
