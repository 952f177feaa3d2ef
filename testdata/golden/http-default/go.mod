module github.com/acme/orders

go 1.26.0

require (
	github.com/go-chi/chi/v5 v5.5.0
	go.uber.org/goleak v1.3.0
)
