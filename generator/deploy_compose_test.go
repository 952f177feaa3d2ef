package generator

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/compose-spec/compose-go/v2/loader"
	"github.com/compose-spec/compose-go/v2/types"
)

// exactImageRE is an image pinned to an exact release (postgres:17.10-alpine3.23,
// mysql:8.4.11), not a floating tag such as postgres:17-alpine or latest.
// PostgreSQL names a release by two numbers since version 10, the others by three.
var exactImageRE = regexp.MustCompile(`^(postgres:\d+\.\d+|[a-z0-9./-]+:\d+\.\d+\.\d+)(-[a-z0-9.]+)?$`)

// The deploy files' images (Spec.Images) are exact releases, except the
// distroless base, which has no version tags (the Dockerfile says how to pin its
// digest).
func TestImagesArePinned(t *testing.T) {
	im := NewSpec("x").Images()
	for _, image := range []string{im.Go, im.Postgres, im.MySQL, im.Redis} {
		if !exactImageRE.MatchString(image) {
			t.Errorf("image %s is not pinned to an exact version", image)
		}
	}
	if !regexp.MustCompile(`^docker/dockerfile:\d+\.\d+\.\d+$`).MatchString(im.Dockerfile) {
		t.Errorf("Dockerfile syntax %s is not pinned to an exact version", im.Dockerfile)
	}
	for _, floating := range []string{"postgres:17-alpine", "mysql:8.4", "redis:7.4-alpine", "redis:latest", "golang:1.26"} {
		if exactImageRE.MatchString(floating) {
			t.Errorf("exactImageRE accepts the floating tag %s", floating)
		}
	}
}

// loadCompose loads docker-compose.yaml with compose-go, as `docker compose` does,
// from a directory holding it and the .env file its comments say to create
// (each `echo "KEY=..." >> .env` line, with a value): a variable the file
// requires but the comments leave out fails the load. It returns the project
// with the service's env_file resolved, and the variables the file itself sets.
func (p project) loadCompose() (*types.Project, types.MappingWithEquals, error) {
	dir, err := os.MkdirTemp("", "compose")
	if err != nil {
		return nil, nil, err
	}
	defer os.RemoveAll(dir)
	file := p.files["docker-compose.yaml"]
	env := map[string]string{}
	var dotenv strings.Builder
	for _, k := range documentedKeys(string(file)) {
		env[k] = "x"
		fmt.Fprintf(&dotenv, "%s=x\n", k)
	}
	for name, data := range map[string]string{"docker-compose.yaml": string(file), ".env": dotenv.String()} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o600); err != nil {
			return nil, nil, err
		}
	}
	details := types.ConfigDetails{
		WorkingDir:  dir,
		ConfigFiles: []types.ConfigFile{{Filename: filepath.Join(dir, "docker-compose.yaml")}},
		Environment: env,
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	proj, err := loader.LoadWithContext(ctx, details, func(o *loader.Options) {
		o.SetProjectName(p.spec.DNSName(), true)
		o.SkipResolveEnvironment = true
	})
	if err != nil {
		return nil, nil, fmt.Errorf("docker-compose.yaml: %w", err)
	}
	svc, ok := proj.Services[p.spec.Name]
	if !ok {
		return nil, nil, fmt.Errorf("docker-compose.yaml has no service %s", p.spec.Name)
	}
	own := svc.Environment
	if proj, err = proj.WithServicesEnvironmentResolved(false); err != nil {
		return nil, nil, fmt.Errorf("docker-compose.yaml: %w", err)
	}
	return proj, own, nil
}

// checkCompose checks docker-compose.yaml against the service: the variables it
// sets, its ports, its grace period, healthchecks on every service and the
// service started once its dependencies are healthy.
func (p project) checkCompose() error {
	proj, own, err := p.loadCompose()
	if err != nil {
		return err
	}
	svc := proj.Services[p.spec.Name]
	var errs []error
	add := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }

	if err := p.checkVars("docker-compose.yaml's environment", slices.Sorted(maps.Keys(own))); err != nil {
		errs = append(errs, err)
	}
	// The keys of .env reach the service too (env_file): each must be a variable it
	// reads, or one the file interpolates into another service.
	text := string(p.files["docker-compose.yaml"])
	keys := documentedKeys(text)
	for _, k := range keys {
		if !p.vars[k] && !strings.Contains(text, "${"+k+":?") {
			add("docker-compose.yaml has .env set %s, which neither the service nor the file reads", k)
		}
		if v := own[k]; v != nil && !strings.Contains(*v, "${") {
			add("docker-compose.yaml sets %s to a literal, not from .env", k)
		}
	}
	if len(keys) > 0 && (len(svc.EnvFiles) != 1 || filepath.Base(svc.EnvFiles[0].Path) != ".env") {
		add("docker-compose.yaml env_file = %v, want .env", svc.EnvFiles)
	}

	env := map[string]string{}
	for k, v := range own {
		if v != nil {
			env[k] = *v
		}
	}
	grace := -1
	if svc.StopGracePeriod != nil {
		grace = int(time.Duration(*svc.StopGracePeriod) / time.Second)
	}
	if err := p.shutdownEnv("docker-compose.yaml", grace, env); err != nil {
		errs = append(errs, err)
	}

	published := map[uint32]bool{}
	for _, port := range svc.Ports {
		published[port.Target] = true
	}
	listeners := []string{"HTTP_ADDR"}
	if p.spec.HasGRPC() {
		listeners = append(listeners, "GRPC_ADDR")
	}
	for _, name := range listeners {
		port, err := addrPort(env[name])
		if err != nil {
			add("docker-compose.yaml %s=%q: %v", name, env[name], err)
		} else if !published[uint32(port)] {
			add("docker-compose.yaml publishes %v, not %s's port %d", slices.Sorted(maps.Keys(published)), name, port)
		}
	}
	if len(published) != len(listeners) {
		add("docker-compose.yaml publishes %d ports, want %d", len(published), len(listeners))
	}

	if !svc.ReadOnly || !slices.Equal(svc.CapDrop, []string{"ALL"}) {
		add("docker-compose.yaml: read_only %v, cap_drop %v; want a read-only root filesystem and no capabilities", svc.ReadOnly, svc.CapDrop)
	}
	if want := []string{"CMD", "/" + p.spec.Name, "healthcheck"}; svc.HealthCheck == nil || !slices.Equal(svc.HealthCheck.Test, want) {
		add("docker-compose.yaml: the service's healthcheck is %v, want %v", svc.HealthCheck, want)
	}
	for name, other := range proj.Services {
		if name == p.spec.Name {
			continue
		}
		if other.HealthCheck == nil || len(other.HealthCheck.Test) == 0 || other.HealthCheck.Disable {
			add("docker-compose.yaml: service %s has no healthcheck", name)
		}
		if dep, ok := svc.DependsOn[name]; !ok || dep.Condition != types.ServiceConditionHealthy {
			add("docker-compose.yaml: %s does not wait for %s to be healthy", p.spec.Name, name)
		}
		if im := p.spec.Images(); other.Image != im.Postgres && other.Image != im.MySQL && other.Image != im.Redis {
			add("docker-compose.yaml: service %s's image %s is not one of Spec.Images, which are pinned to exact versions", name, other.Image)
		}
	}
	if p.spec.HasSQLite() {
		var onData bool
		for _, v := range svc.Volumes {
			onData = onData || v.Type == types.VolumeTypeVolume && v.Target == sqliteDataDir && proj.Volumes[v.Source].Name != ""
		}
		if !onData {
			add("docker-compose.yaml: no named volume on %s, where SQLite keeps its file", sqliteDataDir)
		}
		if !slices.Contains(svc.Tmpfs, "/tmp") {
			add("docker-compose.yaml: no tmpfs on /tmp, where SQLite writes temporary files")
		}
	}
	return errors.Join(errs...)
}

func TestDeployCompose(t *testing.T) {
	for _, p := range deployVariants(t) {
		if err := p.checkCompose(); err != nil {
			t.Errorf("%s: %v", variantName(p.spec), err)
		}
	}
}

// Each case breaks one thing in a generated docker-compose.yaml, and
// checkCompose must say so.
func TestDeployComposeChecksCatchBrokenFiles(t *testing.T) {
	s := NewSpec("orders")
	s.Database, s.Cache, s.Auth, s.Transport = DatabaseMySQL, CacheRedis, AuthJWT, TransportBoth
	multi := generateDeploy(t, s)
	s = NewSpec("orders")
	s.Database, s.Transport = DatabaseSQLite, TransportGRPC
	single := generateDeploy(t, s)
	for _, tc := range []struct {
		name string
		p    project
		edit func(string) string
		want string
	}{
		{"invalid key", multi, replace("    read_only: true", "    readonly: true"), "additional properties 'readonly' not allowed"},
		{"undocumented secret", multi, replace(`    #   echo "MYSQL_ROOT_PASSWORD=$(openssl rand -hex 16)" >> .env`+"\n", ""), "MYSQL_ROOT_PASSWORD"},
		{"unknown variable", multi, replace("      LOG_LEVEL: info\n", "      LOG_LEVEL: info\n      LOGLEVEL: debug\n"), "LOGLEVEL, which the service does not read"},
		{"literal secret", multi, replace("      LOG_LEVEL: info\n", "      LOG_LEVEL: info\n      JWT_SECRET: abc\n"), "sets JWT_SECRET to a literal"},
		{"no env file", multi, replace("    env_file: .env\n", ""), "env_file"},
		{"grace period", multi, replace("stop_grace_period: 30s", "stop_grace_period: 10s"), "grace period 10s"},
		{"unpublished port", multi, replace(`      - "9090:9090"`+"\n", ""), "not GRPC_ADDR's port 9090"},
		{"no healthcheck", multi, replace(`["CMD", "/orders", "healthcheck"]`, `["CMD", "/orders", "version"]`), "the service's healthcheck"},
		{"dependency unchecked", multi, replace(`      test: ["CMD", "redis-cli", "ping"]`, `      disable: true`), "service redis has no healthcheck"},
		{"not waiting", multi, replace("      redis:\n        condition: service_healthy", "      redis:\n        condition: service_started"), "does not wait for redis"},
		{"floating image", multi, replace(s.Images().MySQL, "mysql:8.4"), "not one of Spec.Images"},
		{"writable root", multi, replace("read_only: true", "read_only: false"), "read-only root filesystem"},
		{"sqlite data", single, replace("-data:/data", "-data:/var/data"), "no named volume on /data"},
		{"sqlite tmp", single, replace("      - /tmp\n", "      - /scratch\n"), "no tmpfs on /tmp"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.p.withFile(t, "docker-compose.yaml", tc.edit).checkCompose()
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("checkCompose() = %v, want an error with %q", err, tc.want)
			}
		})
	}
}

// checkSameVars checks that compose and Kubernetes configure the same variables,
// each in its own way (compose: environment and .env; Kubernetes: the ConfigMap
// and the Secrets), except the drain delay, which only Kubernetes needs.
func (p project) checkSameVars() error {
	_, own, err := p.loadCompose()
	if err != nil {
		return err
	}
	objs, err := p.decodeK8s()
	if err != nil {
		return err
	}
	compose := map[string]bool{}
	for k := range own {
		compose[k] = true
	}
	for _, k := range documentedKeys(string(p.files["docker-compose.yaml"])) {
		compose[k] = compose[k] || p.vars[k]
	}
	k8s := map[string]bool{}
	for k := range objs.config.Data {
		k8s[k] = k != "SHUTDOWN_DRAIN_DELAY"
	}
	for _, k := range documentedKeys(string(p.files[k8sDir+"deployment.yaml"])) {
		k8s[k] = true
	}
	var onlyCompose, onlyK8s []string
	for k, ok := range compose {
		if ok && !k8s[k] {
			onlyCompose = append(onlyCompose, k)
		}
	}
	for k, ok := range k8s {
		if ok && !compose[k] {
			onlyK8s = append(onlyK8s, k)
		}
	}
	if len(onlyCompose)+len(onlyK8s) > 0 {
		slices.Sort(onlyCompose)
		slices.Sort(onlyK8s)
		return fmt.Errorf("compose alone sets %v, Kubernetes alone %v", onlyCompose, onlyK8s)
	}
	return nil
}

func TestDeployComposeAndK8sSetTheSameVariables(t *testing.T) {
	for _, p := range deployVariants(t) {
		if err := p.checkSameVars(); err != nil {
			t.Errorf("%s: %v", variantName(p.spec), err)
		}
	}
	s := NewSpec("orders")
	s.Auth, s.Transport = AuthJWT, TransportBoth
	p := generateDeploy(t, s)
	err := p.withFile(t, "docker-compose.yaml", replace(`      GRPC_ADDR: ":9090"`+"\n", "")).checkSameVars()
	if err == nil || !strings.Contains(err.Error(), "Kubernetes alone [GRPC_ADDR]") {
		t.Errorf("checkSameVars() without GRPC_ADDR in compose = %v, want an error naming it", err)
	}
}
