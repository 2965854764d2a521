package api

import (
	_ "embed"
	"net/http"
)

// openAPIDoc is the hand-written OpenAPI 3.1 description of every route in
// routes.go, including how Segment calls map onto gtg's records.
//
//go:embed openapi.json
var openAPIDoc []byte

// openAPI serves the description; it needs no token so tools can fetch it.
func (h *handler) openAPI(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	_, err := w.Write(openAPIDoc)
	return err
}
