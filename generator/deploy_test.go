package generator

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/svcgen/svcgen/templates"
)

// k8sDeployment is the part of the generated Deployment these tests read.
type k8sDeployment struct {
	Spec struct {
		Template struct {
			Spec struct {
				TerminationGracePeriodSeconds int `yaml:"terminationGracePeriodSeconds"`
				Containers                    []struct {
					Env []struct {
						Name      string         `yaml:"name"`
						Value     *string        `yaml:"value"`
						ValueFrom map[string]any `yaml:"valueFrom"`
					} `yaml:"env"`
					EnvFrom []struct {
						SecretRef *struct {
							Name string `yaml:"name"`
						} `yaml:"secretRef"`
					} `yaml:"envFrom"`
				} `yaml:"containers"`
			} `yaml:"spec"`
		} `yaml:"template"`
	} `yaml:"spec"`
}

// composeFile is the part of the generated docker-compose.yaml these tests read.
type composeFile struct {
	Services map[string]struct {
		Environment     map[string]string `yaml:"environment"`
		EnvFile         any               `yaml:"env_file"`
		StopGracePeriod string            `yaml:"stop_grace_period"`
	} `yaml:"services"`
}

// deployFiles generates s with the k8s and compose targets and parses both files.
func deployFiles(t *testing.T, s Spec) (k8sDeployment, composeFile) {
	t.Helper()
	s.Deploy = []string{"docker", "compose", "k8s"}
	files, err := Generate(s, templates.FS, "test")
	if err != nil {
		t.Fatal(err)
	}
	var dep k8sDeployment
	if err := yaml.Unmarshal(fileData(t, files, "deploy/k8s/deployment.yaml"), &dep); err != nil {
		t.Fatalf("deploy/k8s/deployment.yaml: %v", err)
	}
	var compose composeFile
	if err := yaml.Unmarshal(fileData(t, files, "docker-compose.yaml"), &compose); err != nil {
		t.Fatalf("docker-compose.yaml: %v", err)
	}
	if n := len(dep.Spec.Template.Spec.Containers); n != 1 {
		t.Fatalf("deployment has %d containers, want 1", n)
	}
	if len(compose.Services) != 1 {
		t.Fatalf("compose file has %d services, want 1", len(compose.Services))
	}
	return dep, compose
}

// Credentials never sit in the deploy files: Kubernetes takes them from a Secret,
// compose from an env file that git and Docker ignore.
func TestDeployCredentialsComeFromSecrets(t *testing.T) {
	secrets := map[string]bool{"API_KEYS": true, "JWT_SECRET": true, "JWT_PUBLIC_KEY": true}
	for _, auth := range []Auth{AuthAPIKey, AuthJWT} {
		t.Run(string(auth), func(t *testing.T) {
			s := NewSpec("orders")
			s.Auth = auth
			dep, compose := deployFiles(t, s)

			c := dep.Spec.Template.Spec.Containers[0]
			for _, e := range c.Env {
				if secrets[e.Name] && e.Value != nil {
					t.Errorf("deployment sets %s to a literal", e.Name)
				}
			}
			if len(c.EnvFrom) != 1 || c.EnvFrom[0].SecretRef == nil || c.EnvFrom[0].SecretRef.Name != "orders-auth" {
				t.Errorf("deployment envFrom = %+v, want the Secret orders-auth", c.EnvFrom)
			}
			for name, svc := range compose.Services {
				for k := range svc.Environment {
					if secrets[k] {
						t.Errorf("compose service %s sets %s to a literal", name, k)
					}
				}
				if svc.EnvFile != ".env" {
					t.Errorf("compose service %s env_file = %v, want .env", name, svc.EnvFile)
				}
			}
		})
	}
}

// The deploy files' grace periods are the service's SHUTDOWN_GRACE_PERIOD, and
// the drain delay and shutdown timeout they set (or the config defaults) leave the
// flush its minimum: the orchestrator never kills a shutdown the service planned
// to finish. The config defaults are rendered from the same Spec.Shutdown.
func TestDeployGracePeriodFitsShutdown(t *testing.T) {
	s := NewSpec("orders")
	s.Observability = []string{ObsTracing}
	b := s.Shutdown()
	dep, compose := deployFiles(t, s)

	// seconds parses an env value such as "15s"; unset is def.
	seconds := func(where string, env map[string]string, name string, def int) int {
		v, ok := env[name]
		if !ok {
			return def
		}
		d, err := time.ParseDuration(v)
		if err != nil || d%time.Second != 0 {
			t.Fatalf("%s: %s=%q, want whole seconds", where, name, v)
		}
		return int(d / time.Second)
	}
	check := func(where string, grace int, env map[string]string) {
		if grace != b.GracePeriod {
			t.Errorf("%s: grace period %ds, want Spec.Shutdown's %ds", where, grace, b.GracePeriod)
		}
		if got := seconds(where, env, "SHUTDOWN_GRACE_PERIOD", b.GracePeriod); got != grace {
			t.Errorf("%s: SHUTDOWN_GRACE_PERIOD=%ds, want the grace period %ds", where, got, grace)
		}
		drain := seconds(where, env, "SHUTDOWN_DRAIN_DELAY", 0)
		timeout := seconds(where, env, "SHUTDOWN_TIMEOUT", b.Timeout)
		if drain+timeout+b.MinSpare() > grace {
			t.Errorf("%s: drain %ds + timeout %ds + %ds for the flush and exit > grace period %ds", where, drain, timeout, b.MinSpare(), grace)
		}
	}

	env := map[string]string{}
	for _, e := range dep.Spec.Template.Spec.Containers[0].Env {
		if e.Value != nil {
			env[e.Name] = *e.Value
		}
	}
	check("deployment.yaml", dep.Spec.Template.Spec.TerminationGracePeriodSeconds, env)
	if env["SHUTDOWN_DRAIN_DELAY"] == "" {
		t.Error("deployment.yaml sets no SHUTDOWN_DRAIN_DELAY; endpoint removal needs one on Kubernetes")
	}
	for name, svc := range compose.Services {
		grace := seconds("docker-compose.yaml", map[string]string{"stop_grace_period": svc.StopGracePeriod}, "stop_grace_period", -1)
		check("docker-compose.yaml service "+name, grace, svc.Environment)
	}

	// The generated defaults come from the same budget.
	files, err := Generate(s, templates.FS, "test")
	if err != nil {
		t.Fatal(err)
	}
	config := string(fileData(t, files, "internal/config/config.go"))
	for _, want := range []string{
		fmt.Sprintf(`ShutdownTimeout:\s+%d \* time.Second,`, b.Timeout),
		fmt.Sprintf(`ShutdownGracePeriod:\s+%d \* time.Second,`, b.GracePeriod),
		fmt.Sprintf(`exitMargin\s+= %d \* time.Second`, b.ExitMargin),
		fmt.Sprintf(`minFlushTimeout\s+= %d \* time.Second`, b.MinFlush),
	} {
		if !regexp.MustCompile(want).MatchString(config) {
			t.Errorf("internal/config/config.go does not match %s", want)
		}
	}
}

// SQLite's file outlives the container: the image keeps it in a data directory
// owned by the service's user, and compose and Kubernetes mount a volume there;
// Kubernetes runs one pod, since one process writes the file.
func TestDeploySQLiteKeepsItsFileOnAVolume(t *testing.T) {
	const dataDir = "/data"
	s := NewSpec("orders")
	s.Database = DatabaseSQLite
	s.Deploy = []string{"docker", "compose", "k8s"}
	files, err := Generate(s, templates.FS, "test")
	if err != nil {
		t.Fatal(err)
	}
	df := string(fileData(t, files, "Dockerfile"))
	for _, want := range []string{
		"COPY --from=build --chown=nonroot:nonroot /out/data " + dataDir + "\n",
		"ENV DATABASE_URL=" + dataDir + "/orders.db\n",
	} {
		if !strings.Contains(df, want) {
			t.Errorf("Dockerfile has no line %q:\n%s", want, df)
		}
	}

	var compose struct {
		Services map[string]struct {
			Volumes []string `yaml:"volumes"`
		} `yaml:"services"`
		Volumes map[string]any `yaml:"volumes"`
	}
	if err := yaml.Unmarshal(fileData(t, files, "docker-compose.yaml"), &compose); err != nil {
		t.Fatal(err)
	}
	if got := compose.Services["orders"].Volumes; !slices.Equal(got, []string{"orders-data:" + dataDir}) {
		t.Errorf("compose service volumes = %q, want the named volume on %s", got, dataDir)
	}
	if _, ok := compose.Volumes["orders-data"]; !ok {
		t.Errorf("compose file declares volumes %v, want orders-data", compose.Volumes)
	}

	var dep struct {
		Spec struct {
			Replicas int `yaml:"replicas"`
			Strategy struct {
				Type string `yaml:"type"`
			} `yaml:"strategy"`
			Template struct {
				Spec struct {
					Containers []struct {
						VolumeMounts []struct {
							Name      string `yaml:"name"`
							MountPath string `yaml:"mountPath"`
						} `yaml:"volumeMounts"`
					} `yaml:"containers"`
					Volumes []struct {
						Name string `yaml:"name"`
						PVC  struct {
							ClaimName string `yaml:"claimName"`
						} `yaml:"persistentVolumeClaim"`
					} `yaml:"volumes"`
				} `yaml:"spec"`
			} `yaml:"template"`
		} `yaml:"spec"`
	}
	if err := yaml.Unmarshal(fileData(t, files, "deploy/k8s/deployment.yaml"), &dep); err != nil {
		t.Fatal(err)
	}
	if dep.Spec.Replicas != 1 || dep.Spec.Strategy.Type != "Recreate" {
		t.Errorf("deployment replicas %d, strategy %q; want 1 and Recreate", dep.Spec.Replicas, dep.Spec.Strategy.Type)
	}
	pod := dep.Spec.Template.Spec
	if len(pod.Containers) != 1 || len(pod.Containers[0].VolumeMounts) != 1 || pod.Containers[0].VolumeMounts[0].MountPath != dataDir {
		t.Errorf("deployment volume mounts = %+v, want one on %s", pod.Containers, dataDir)
	}
	if len(pod.Volumes) != 1 || pod.Volumes[0].PVC.ClaimName != "orders-data" {
		t.Errorf("deployment volumes = %+v, want the claim orders-data", pod.Volumes)
	}
	var pvc struct {
		Kind     string `yaml:"kind"`
		Metadata struct {
			Name string `yaml:"name"`
		} `yaml:"metadata"`
	}
	if err := yaml.Unmarshal(fileData(t, files, "deploy/k8s/pvc.yaml"), &pvc); err != nil {
		t.Fatal(err)
	}
	if pvc.Kind != "PersistentVolumeClaim" || pvc.Metadata.Name != "orders-data" {
		t.Errorf("deploy/k8s/pvc.yaml is a %s named %q, want the PersistentVolumeClaim orders-data", pvc.Kind, pvc.Metadata.Name)
	}
}
