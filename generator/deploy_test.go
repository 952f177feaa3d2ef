package generator

import (
	"testing"

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
