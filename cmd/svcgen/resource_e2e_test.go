package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"go/ast"
	"go/format"
	"go/parser"
	"go/token"
	"io"
	"io/fs"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// TestAddingAResourceFollowsTheREADME adds an orders resource to a generated
// project (both transports, SQLite, circuit breaker and retries) the way its
// README's "Adding a resource" tells a team to: each file started from its users
// twin with the names changed, `make sqlc` and `svcgen proto` for the generated
// code, and one edit at each wiring point the README lists. The only existing
// files that change must be those wiring points and the generated files the
// README names; every file the README says to add must exist; and the project
// must vet, pass its tests (the orders' too) and keep an order across a restart,
// which fails if the orders were wired to memory instead of the database.
func TestAddingAResourceFollowsTheREADME(t *testing.T) {
	if testing.Short() {
		t.Skip("skipped under -short: generates a project, runs sqlc with go run, tests and runs the service (about two minutes)")
	}
	project := filepath.Join(t.TempDir(), "shop")
	var stderr strings.Builder
	if code := run([]string{"new", "shop", "--no-input", "--transport", "both", "--module", "example.com/shop", "--output", project}, strings.NewReader(""), io.Discard, &stderr); code != 0 {
		t.Fatalf("svcgen new shop: exit %d\n%s", code, stderr.String())
	}
	toAdd, generated, wiring := resourceLists(t, readIn(t, project, "README.md"))
	before := snapshot(t, project)

	// Files to add, each a copy of its users twin.
	copyTree(t, project, "internal/users")
	for _, f := range []string{
		"internal/httpserver/users.go",
		"internal/grpcserver/users.go",
		"internal/store/users.go",
		"internal/store/users_test.go",
		"internal/store/queries/users.sql",
	} {
		writeIn(t, project, toOrders(f), toOrders(readIn(t, project, f)))
	}
	migrations, err := filepath.Glob(filepath.Join(project, "internal/store/migrations/*.sql"))
	if err != nil || len(migrations) == 0 {
		t.Fatalf("no migrations: %v", err)
	}
	next := fmt.Sprintf("internal/store/migrations/%05d_orders.sql", len(migrations)+1)
	writeIn(t, project, next, toOrders(readIn(t, project, "internal/store/migrations/00001_users.sql")))
	writeIn(t, project, "api/proto/shop/v1/orders.proto", toOrders(readIn(t, project, "api/proto/shop/v1/shop.proto")))
	writeIn(t, project, "internal/httpserver/orders_test.go",
		testsOf(t, readIn(t, project, "internal/httpserver/api_test.go"), "TestUsersCRUD"))
	grpcTests := testsOf(t, readIn(t, project, "internal/grpcserver/server_test.go"), "TestUsersRoundTrip", "TestListUsersStreamsAllOrLimit")
	// The README: `shopv1.NewOrderServiceClient(ts.conn)` calls the new service.
	grpcTests = strings.ReplaceAll(grpcTests, "ts := start(t, Options{})\n", "ts := start(t, Options{})\n\tclient := shopv1.NewOrderServiceClient(ts.conn)\n")
	writeIn(t, project, "internal/grpcserver/orders_test.go", strings.ReplaceAll(grpcTests, "ts.orders.", "client."))
	goIn(t, project, "make", "sqlc")
	if code := run([]string{"proto", "--dir", project}, strings.NewReader(""), io.Discard, &stderr); code != 0 {
		t.Fatalf("svcgen proto: exit %d\n%s", code, stderr.String())
	}

	// The wiring points, each one edit at an anchor.
	const ordersImport = "\t\"example.com/shop/internal/orders\"\n"
	edit(t, project, "internal/app/app.go",
		"\tUsers *users.Service\n", "\tUsers *users.Service\n\tOrders *orders.Service\n",
		"Services{Users: users.NewService(users.NewMemoryRepository())", "Services{Users: users.NewService(users.NewMemoryRepository()), Orders: orders.NewService(orders.NewMemoryRepository())",
		usersImport, usersImport+ordersImport)
	edit(t, project, "cmd/shop/repositories.go",
		"\tusers users.Repository\n", "\tusers users.Repository\n\torders orders.Repository\n",
		`import "example.com/shop/internal/users"`, "import (\n"+usersImport+ordersImport+")")
	edit(t, project, "cmd/shop/store_sql.go",
		"repositories{users: store.NewUsers(db)}", "repositories{users: store.NewUsers(db), orders: store.NewOrders(db)}")
	edit(t, project, "cmd/shop/guard.go",
		"\treturn repos, nil\n", "\trepos.orders = orders.Guarded(repos.orders, call)\n\treturn repos, nil\n",
		usersImport, usersImport+ordersImport)
	edit(t, project, "cmd/shop/main.go",
		"app.Services{Users:", "app.Services{Orders: orders.NewService(repos.orders), Users:",
		usersImport, usersImport+ordersImport)
	var routes, ordersRoutes string
	for line := range strings.Lines(readIn(t, project, "internal/httpserver/api.go")) {
		if strings.Contains(line, `apiPrefix+"/users`) {
			routes += line
			ordersRoutes += strings.ReplaceAll(toOrders(line), ", u.", ", o.")
		}
	}
	edit(t, project, "internal/httpserver/api.go",
		"\tu := usersHandler{svc: d.Services.Users, logger: d.Logger}\n",
		"\tu := usersHandler{svc: d.Services.Users, logger: d.Logger}\n\to := ordersHandler{svc: d.Services.Orders, logger: d.Logger}\n",
		routes, routes+ordersRoutes)
	register := "\tshopv1.RegisterUserServiceServer(reg, &userService{users: opts.Services.Users, logger: opts.Logger})\n"
	edit(t, project, "internal/grpcserver/server.go", register, register+toOrders(register))

	after := snapshot(t, project)
	allowed := append(slices.Clone(wiring), "README.md")
	for path, sum := range before {
		if !bytes.Equal(after[path], sum) && !slices.Contains(allowed, path) && !slices.Contains(toAdd, path) && !slices.ContainsFunc(generated, isIn(path)) {
			t.Errorf("%s changed, and the README lists it neither as a wiring point nor as a file its tools write", path)
		}
	}
	for i, path := range toAdd {
		toAdd[i] = strings.Replace(path, "0000N_orders.sql", filepath.Base(next), 1)
		if _, ok := after[toAdd[i]]; !ok {
			t.Errorf("the README says to add %s, which the team's project does not have", toAdd[i])
		}
	}
	for path := range after {
		if _, ok := before[path]; !ok && !slices.Contains(toAdd, path) && !slices.ContainsFunc(generated, isIn(path)) {
			t.Errorf("%s was added (copied from its users twin), and the README does not list it among the files to add", path)
		}
	}
	if t.Failed() {
		t.FailNow()
	}

	goIn(t, project, "go", "vet", "./...")
	goIn(t, project, "go", "test", "-count=1", "./...")
	// The orders' own tests ran, and passed, in that run.
	out := goIn(t, project, "go", "test", "-count=1", "-v", "-run", "^Test(List)?Orders", "./internal/...")
	for _, test := range []string{"TestOrdersCRUD", "TestOrdersRoundTrip", "TestListOrdersStreamsAllOrLimit", "TestOrdersContract"} {
		if !strings.Contains(out, "--- PASS: "+test+" ") {
			t.Errorf("go test -run ^Test(List)?Orders ./internal/... did not pass %s:\n%s", test, out)
		}
	}

	bin := filepath.Join(t.TempDir(), "shop")
	goIn(t, project, "env", "CGO_ENABLED=0", "go", "build", "-o", bin, "./cmd/shop")
	t.Setenv("GRPC_ADDR", "127.0.0.1:0")
	const key = "e2e-key-0123456789abcdef"
	first := startService(t, bin, project, key)
	code, body := apiCall(t, key, http.MethodPost, first.base+"/api/v1/orders", `{"name":"Ada","email":"ada@example.com"}`)
	var created struct{ ID string }
	if err := json.Unmarshal([]byte(body), &created); code != http.StatusCreated || err != nil || created.ID == "" {
		t.Fatalf("POST /api/v1/orders = %d %s", code, body)
	}
	first.stop(t)
	second := startService(t, bin, project, key)
	code, body = apiCall(t, key, http.MethodGet, second.base+"/api/v1/orders/"+created.ID, "")
	if code != http.StatusOK || !strings.Contains(body, `"email":"ada@example.com"`) {
		t.Errorf("GET the order after a restart = %d %s, want 200 with the order", code, body)
	}
	second.stop(t)
}

const usersImport = "\t\"example.com/shop/internal/users\"\n"

// toOrders renames what a team renames when it copies the users slice.
var toOrders = strings.NewReplacer("Users", "Orders", "users", "orders", "User", "Order", "user", "order").Replace

// resourceLists returns the paths named in the README's "Adding a resource":
// those in its list of files to add, the directories it says a tool
// regenerates, and those in its list of wiring points.
func resourceLists(t *testing.T, readme string) (toAdd, generated, wiring []string) {
	t.Helper()
	_, section, ok := strings.Cut(readme, "\n## Adding a resource\n")
	if !ok {
		t.Fatal(`README.md has no "## Adding a resource"`)
	}
	section, _, _ = strings.Cut(section, "\n## ")
	files, wires, ok := strings.Cut(section, "\nThe wiring points")
	if !ok {
		t.Fatal(`"Adding a resource" has no "The wiring points" list`)
	}
	files = files[strings.Index(files, "\nFiles to add"):]
	wires, _, _ = strings.Cut(wires, "\nNames:")
	path := regexp.MustCompile("`((?:api|cmd|gen|internal)/[A-Za-z0-9_./]+(?:\\.go|\\.sql|\\.proto|/))`")
	for _, m := range path.FindAllStringSubmatch(files, -1) {
		if strings.HasSuffix(m[1], "/") {
			generated = append(generated, m[1])
		} else {
			toAdd = append(toAdd, m[1])
		}
	}
	for _, m := range path.FindAllStringSubmatch(wires, -1) {
		wiring = append(wiring, m[1])
	}
	if len(toAdd) < 10 || len(wiring) < 6 {
		t.Fatalf("the README names %d files to add and %d wiring points; want the whole slice:\n%s", len(toAdd), len(wiring), section)
	}
	return toAdd, generated, wiring
}

// isIn reports whether path is in a directory dir names ("internal/store/db/").
func isIn(path string) func(dir string) bool {
	return func(dir string) bool { return strings.HasPrefix(path, dir) }
}

// testsOf returns a test file holding only the named functions of src, renamed
// by toOrders, with the imports they use.
func testsOf(t *testing.T, src string, names ...string) string {
	t.Helper()
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "", src, parser.ParseComments)
	if err != nil {
		t.Fatal(err)
	}
	var body strings.Builder
	used := map[string]bool{}
	for _, d := range f.Decls {
		fn, ok := d.(*ast.FuncDecl)
		if !ok || !slices.Contains(names, fn.Name.Name) {
			continue
		}
		ast.Inspect(fn, func(n ast.Node) bool {
			if sel, ok := n.(*ast.SelectorExpr); ok {
				if id, ok := sel.X.(*ast.Ident); ok {
					used[id.Name] = true
				}
			}
			return true
		})
		body.WriteString("\n" + src[fset.Position(fn.Pos()).Offset:fset.Position(fn.End()).Offset] + "\n")
	}
	var out strings.Builder
	fmt.Fprintf(&out, "package %s\n\nimport (\n", f.Name.Name)
	for _, imp := range f.Imports {
		p, _ := strconv.Unquote(imp.Path.Value)
		name := filepath.Base(p)
		if imp.Name != nil {
			name = imp.Name.Name
		}
		if used[name] {
			fmt.Fprintf(&out, "\t%s %s\n", toOrders(name), toOrders(imp.Path.Value))
		}
	}
	out.WriteString(")\n" + toOrders(body.String()))
	formatted, err := format.Source([]byte(out.String()))
	if err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	return string(formatted)
}

// edit applies old, new pairs to one file, each old found exactly once, and
// formats the result as gofmt would.
func edit(t *testing.T, project, path string, pairs ...string) {
	t.Helper()
	s := readIn(t, project, path)
	for i := 0; i < len(pairs); i += 2 {
		if n := strings.Count(s, pairs[i]); n != 1 {
			t.Fatalf("%s: the anchor %q is there %d times, want once", path, pairs[i], n)
		}
		s = strings.Replace(s, pairs[i], pairs[i+1], 1)
	}
	data, err := format.Source([]byte(s))
	if err != nil {
		t.Fatalf("%s: %v\n%s", path, err, s)
	}
	writeIn(t, project, path, string(data))
}

// copyTree copies the users directory dir, renamed, path and content.
func copyTree(t *testing.T, project, dir string) {
	t.Helper()
	err := filepath.WalkDir(filepath.Join(project, dir), func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(project, p)
		if err != nil {
			return err
		}
		writeIn(t, project, toOrders(rel), toOrders(readIn(t, project, rel)))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// snapshot maps each file of the project to its content.
func snapshot(t *testing.T, project string) map[string][]byte {
	t.Helper()
	files, err := readTree(project)
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func readIn(t *testing.T, project, path string) string {
	t.Helper()
	return readFile(t, filepath.Join(project, path))
}

func writeIn(t *testing.T, project, path, data string) {
	t.Helper()
	p := filepath.Join(project, path)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

// goIn runs a command in the project with the module graph as go.mod has it
// completed (GOFLAGS=-mod=mod, as a team's first go command does), and returns
// its output.
func goIn(t *testing.T, project, name string, args ...string) string {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = project
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod")
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out.String())
	}
	return out.String()
}
