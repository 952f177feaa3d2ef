package generator

import (
	"errors"
	"fmt"
	"maps"
	"path"
	"slices"
	"strings"
	"testing"

	appsv1 "k8s.io/api/apps/v1"
	autoscalingv2 "k8s.io/api/autoscaling/v2"
	corev1 "k8s.io/api/core/v1"
	policyv1 "k8s.io/api/policy/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"sigs.k8s.io/yaml"
)

const k8sDir = "deploy/k8s/"

// kustomization is the part of kustomization.yaml that svcgen writes; strict
// decoding rejects any other field.
type kustomization struct {
	APIVersion string   `json:"apiVersion"`
	Kind       string   `json:"kind"`
	Resources  []string `json:"resources"`
}

// k8sObjects are deploy/k8s's manifests, decoded strictly into the API types.
type k8sObjects struct {
	deployment *appsv1.Deployment
	service    *corev1.Service
	config     *corev1.ConfigMap
	pdb        *policyv1.PodDisruptionBudget
	hpa        *autoscalingv2.HorizontalPodAutoscaler
	pvcs       []*corev1.PersistentVolumeClaim
}

// decodeK8s decodes every manifest kustomization.yaml lists, strictly (unknown or
// duplicate fields are errors), by its kind; the kustomization must list every
// manifest in the directory and nothing else.
func (p project) decodeK8s() (k8sObjects, error) {
	var objs k8sObjects
	var k kustomization
	if err := yaml.UnmarshalStrict(p.files[k8sDir+"kustomization.yaml"], &k); err != nil {
		return objs, fmt.Errorf("kustomization.yaml: %w", err)
	}
	if k.APIVersion != "kustomize.config.k8s.io/v1beta1" || k.Kind != "Kustomization" {
		return objs, fmt.Errorf("kustomization.yaml is %s %s, want kustomize.config.k8s.io/v1beta1 Kustomization", k.APIVersion, k.Kind)
	}
	var inDir []string
	for name := range p.files {
		if dir, file := path.Split(name); dir == k8sDir && file != "kustomization.yaml" {
			inDir = append(inDir, file)
		}
	}
	slices.Sort(inDir)
	if listed := slices.Sorted(slices.Values(k.Resources)); !slices.Equal(listed, inDir) {
		return objs, fmt.Errorf("kustomization.yaml lists %v, want the directory's manifests %v", listed, inDir)
	}
	for _, name := range k.Resources {
		data := p.files[k8sDir+name]
		var tm metav1.TypeMeta
		if err := yaml.Unmarshal(data, &tm); err != nil {
			return objs, fmt.Errorf("%s: %w", name, err)
		}
		var obj any
		switch gvk := tm.APIVersion + " " + tm.Kind; gvk {
		case "apps/v1 Deployment":
			objs.deployment = new(appsv1.Deployment)
			obj = objs.deployment
		case "v1 Service":
			objs.service = new(corev1.Service)
			obj = objs.service
		case "v1 ConfigMap":
			objs.config = new(corev1.ConfigMap)
			obj = objs.config
		case "policy/v1 PodDisruptionBudget":
			objs.pdb = new(policyv1.PodDisruptionBudget)
			obj = objs.pdb
		case "autoscaling/v2 HorizontalPodAutoscaler":
			objs.hpa = new(autoscalingv2.HorizontalPodAutoscaler)
			obj = objs.hpa
		case "v1 PersistentVolumeClaim":
			pvc := new(corev1.PersistentVolumeClaim)
			objs.pvcs = append(objs.pvcs, pvc)
			obj = pvc
		default:
			return objs, fmt.Errorf("%s: unexpected %s", name, gvk)
		}
		if err := yaml.UnmarshalStrict(data, obj); err != nil {
			return objs, fmt.Errorf("%s: %w", name, err)
		}
	}
	for what, missing := range map[string]bool{
		"Deployment": objs.deployment == nil, "Service": objs.service == nil,
		"ConfigMap": objs.config == nil, "PodDisruptionBudget": objs.pdb == nil,
	} {
		if missing {
			return objs, fmt.Errorf("kustomization.yaml lists no %s", what)
		}
	}
	return objs, nil
}

// checkK8s checks deploy/k8s against the service and the cluster's Pod Security
// "restricted" profile; it returns every problem found.
func (p project) checkK8s() error {
	objs, err := p.decodeK8s()
	if err != nil {
		return err
	}
	d := objs.deployment
	pod := d.Spec.Template.Spec
	if len(pod.Containers) != 1 {
		return fmt.Errorf("deployment.yaml has %d containers, want 1", len(pod.Containers))
	}
	c := pod.Containers[0]
	var errs []error
	add := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }

	// The pod's labels are what the Service, the budget and the selector pick.
	labels := d.Spec.Template.Labels
	selects := func(what string, sel map[string]string) {
		if len(sel) == 0 || !isSubset(sel, labels) {
			add("%s selects %v, not the pods' labels %v", what, sel, labels)
		}
	}
	if d.Spec.Selector == nil {
		add("deployment.yaml has no selector")
	} else {
		selects("deployment.yaml", d.Spec.Selector.MatchLabels)
	}
	selects("service.yaml", objs.service.Spec.Selector)
	if objs.pdb.Spec.Selector == nil {
		add("pdb.yaml has no selector")
	} else {
		selects("pdb.yaml", objs.pdb.Spec.Selector.MatchLabels)
	}

	errs = append(errs, p.checkPodSecurity(pod, c)...)
	errs = append(errs, p.checkK8sEnv(objs, c)...)
	errs = append(errs, p.checkK8sPorts(objs, c)...)
	errs = append(errs, p.checkK8sScaling(objs)...)
	errs = append(errs, p.checkK8sVolumes(objs, pod, c)...)

	if c.Resources.Requests.Cpu().IsZero() || c.Resources.Requests.Memory().IsZero() || c.Resources.Limits.Memory().IsZero() {
		add("deployment.yaml resources = %v, want CPU and memory requests and a memory limit", c.Resources)
	}
	grace := -1
	if g := pod.TerminationGracePeriodSeconds; g != nil {
		grace = int(*g)
	}
	if err := p.shutdownEnv("deploy/k8s", grace, objs.config.Data); err != nil {
		errs = append(errs, err)
	}
	if objs.config.Data["SHUTDOWN_DRAIN_DELAY"] == "" {
		add("configmap.yaml sets no SHUTDOWN_DRAIN_DELAY; endpoint removal needs one on Kubernetes")
	}
	return errors.Join(errs...)
}

// isSubset reports whether every entry of sub is in m.
func isSubset(sub, m map[string]string) bool {
	for k, v := range sub {
		if m[k] != v {
			return false
		}
	}
	return true
}

// checkPodSecurity checks what the "restricted" Pod Security Standard asks of a
// pod, and the read-only root filesystem.
func (p project) checkPodSecurity(pod corev1.PodSpec, c corev1.Container) []error {
	var errs []error
	add := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }
	ps, cs := pod.SecurityContext, c.SecurityContext
	if ps == nil || cs == nil {
		return []error{errors.New("deployment.yaml: want securityContext on the pod and the container")}
	}
	isTrue := func(b *bool) bool { return b != nil && *b }
	if !isTrue(ps.RunAsNonRoot) || !isTrue(cs.RunAsNonRoot) {
		add("deployment.yaml: runAsNonRoot is not true on both the pod and the container")
	}
	if !isTrue(cs.ReadOnlyRootFilesystem) {
		add("deployment.yaml: readOnlyRootFilesystem is not true")
	}
	if cs.AllowPrivilegeEscalation == nil || *cs.AllowPrivilegeEscalation {
		add("deployment.yaml: allowPrivilegeEscalation is not false")
	}
	if cs.Capabilities == nil || !slices.Equal(cs.Capabilities.Drop, []corev1.Capability{"ALL"}) || len(cs.Capabilities.Add) > 0 {
		add("deployment.yaml: capabilities %v, want drop [ALL] and nothing added", cs.Capabilities)
	}
	for what, sp := range map[string]*corev1.SeccompProfile{"pod": ps.SeccompProfile, "container": cs.SeccompProfile} {
		if sp == nil || sp.Type != corev1.SeccompProfileTypeRuntimeDefault {
			add("deployment.yaml: the %s's seccompProfile is %v, want RuntimeDefault", what, sp)
		}
	}
	if pod.AutomountServiceAccountToken == nil || *pod.AutomountServiceAccountToken {
		add("deployment.yaml: automountServiceAccountToken is not false; the service never calls the API server")
	}
	return errs
}

// checkK8sEnv checks the container's environment: settings from the ConfigMap,
// credentials from Secrets named in a `kubectl create secret` comment, and every
// name one the service reads.
func (p project) checkK8sEnv(objs k8sObjects, c corev1.Container) []error {
	var errs []error
	add := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }
	var names []string
	for _, e := range c.Env {
		names = append(names, e.Name)
		if e.Value != "" {
			add("deployment.yaml sets %s to a literal; settings go in configmap.yaml", e.Name)
		}
	}
	if err := p.checkVars("deployment.yaml env", names); err != nil {
		errs = append(errs, err)
	}
	if err := p.checkVars("configmap.yaml", slices.Sorted(maps.Keys(objs.config.Data))); err != nil {
		errs = append(errs, err)
	}
	text := string(p.files[k8sDir+"deployment.yaml"])
	secretKeys := documentedKeys(text)
	if err := p.checkVars("the Secrets deployment.yaml says to create", secretKeys); err != nil {
		errs = append(errs, err)
	}
	for _, k := range secretKeys {
		if _, ok := objs.config.Data[k]; ok {
			add("configmap.yaml sets %s, which belongs in a Secret", k)
		}
	}
	var fromConfig bool
	for _, ef := range c.EnvFrom {
		switch {
		case ef.ConfigMapRef != nil:
			fromConfig = fromConfig || ef.ConfigMapRef.Name == objs.config.Name
		case ef.SecretRef != nil:
			if !strings.Contains(text, "kubectl create secret generic "+ef.SecretRef.Name+" ") {
				add("deployment.yaml reads the Secret %s but does not say how to create it", ef.SecretRef.Name)
			}
		}
	}
	if !fromConfig {
		add("deployment.yaml envFrom = %v, want the ConfigMap %s", c.EnvFrom, objs.config.Name)
	}
	return errs
}

// checkK8sPorts checks that the container's ports are the service's listen
// addresses (HTTP_ADDR and, with gRPC, GRPC_ADDR in the ConfigMap), that the
// Service and the probes use them, and that the probes ask the routes the
// service serves.
func (p project) checkK8sPorts(objs k8sObjects, c corev1.Container) []error {
	var errs []error
	add := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }
	ports := map[string]int32{}
	for _, cp := range c.Ports {
		ports[cp.Name] = cp.ContainerPort
	}
	listeners := map[string]string{"http": "HTTP_ADDR"}
	if p.spec.HasGRPC() {
		listeners["grpc"] = "GRPC_ADDR"
	}
	if len(ports) != len(listeners) {
		add("deployment.yaml ports %v, want one for each of %v", ports, slices.Sorted(maps.Values(listeners)))
	}
	for name, env := range listeners {
		port, err := addrPort(objs.config.Data[env])
		if err != nil {
			add("configmap.yaml %s=%q: %v", env, objs.config.Data[env], err)
		} else if int32(port) != ports[name] {
			add("deployment.yaml port %s is %d, but configmap.yaml's %s listens on %d", name, ports[name], env, port)
		}
	}
	for _, sp := range objs.service.Spec.Ports {
		if _, ok := ports[sp.TargetPort.StrVal]; !ok {
			add("service.yaml port %s targets %q, not a named container port", sp.Name, sp.TargetPort.String())
		}
	}
	if len(objs.service.Spec.Ports) != len(ports) {
		add("service.yaml has %d ports, want the container's %d", len(objs.service.Spec.Ports), len(ports))
	}

	routes := string(p.files["internal/httpserver/routes.go"])
	httpProbe := func(what string, pr *corev1.Probe, path string) {
		switch {
		case pr == nil:
			add("deployment.yaml has no %s", what)
		case pr.HTTPGet == nil || pr.HTTPGet.Path != path || pr.HTTPGet.Port.StrVal != "http":
			add("deployment.yaml %s = %+v, want GET %s on the http port", what, pr.ProbeHandler, path)
		case !strings.Contains(routes, `"`+path+`"`):
			add("deployment.yaml %s asks %s, which internal/httpserver does not serve", what, path)
		}
	}
	httpProbe("startupProbe", c.StartupProbe, "/livez")
	httpProbe("livenessProbe", c.LivenessProbe, "/livez")
	if p.spec.HasHTTP() {
		httpProbe("readinessProbe", c.ReadinessProbe, "/readyz")
	} else if r := c.ReadinessProbe; r == nil || r.GRPC == nil || r.GRPC.Port != ports["grpc"] || r.GRPC.Service != nil {
		add("deployment.yaml readinessProbe = %+v, want the gRPC health check of the whole server on port %d", r, ports["grpc"])
	}
	return errs
}

// checkK8sScaling checks replicas, the update strategy, the autoscaler and the
// disruption budget: one SQLite writer runs alone and is replaced, others roll
// and scale; no budget may block a node drain forever.
func (p project) checkK8sScaling(objs k8sObjects) []error {
	var errs []error
	add := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }
	d := objs.deployment
	if p.spec.SingleReplica() {
		if d.Spec.Replicas == nil || *d.Spec.Replicas != 1 || d.Spec.Strategy.Type != appsv1.RecreateDeploymentStrategyType {
			add("deployment.yaml: replicas %v, strategy %q; one SQLite writer wants 1 and Recreate", d.Spec.Replicas, d.Spec.Strategy.Type)
		}
		if objs.hpa != nil {
			add("hpa.yaml scales a service that must run as one replica")
		}
	} else {
		if d.Spec.Replicas != nil {
			add("deployment.yaml sets replicas, which undoes the autoscaler's on every apply")
		}
		if d.Spec.Strategy.Type != appsv1.RollingUpdateDeploymentStrategyType {
			add("deployment.yaml strategy %q, want RollingUpdate", d.Spec.Strategy.Type)
		}
		h := objs.hpa
		switch {
		case h == nil:
			add("kustomization.yaml lists no HorizontalPodAutoscaler")
		case h.Spec.ScaleTargetRef.Kind != "Deployment" || h.Spec.ScaleTargetRef.Name != d.Name:
			add("hpa.yaml scales %v, not the Deployment %s", h.Spec.ScaleTargetRef, d.Name)
		case h.Spec.MinReplicas == nil || *h.Spec.MinReplicas < 2 || h.Spec.MaxReplicas < *h.Spec.MinReplicas:
			add("hpa.yaml replicas %v to %d, want at least 2", h.Spec.MinReplicas, h.Spec.MaxReplicas)
		}
	}
	pdb := objs.pdb.Spec
	if pdb.MinAvailable != nil || pdb.MaxUnavailable == nil || pdb.MaxUnavailable.IntValue() < 1 {
		add("pdb.yaml: minAvailable %v, maxUnavailable %v; want maxUnavailable >= 1, which never blocks a drain", pdb.MinAvailable, pdb.MaxUnavailable)
	}
	if pdb.UnhealthyPodEvictionPolicy == nil || *pdb.UnhealthyPodEvictionPolicy != policyv1.AlwaysAllow {
		add("pdb.yaml: unhealthyPodEvictionPolicy is not AlwaysAllow: an unready pod would block a drain")
	}
	return errs
}

// checkK8sVolumes checks that every mount has its volume and every claim its
// manifest, and that SQLite's data directory is on a claim.
func (p project) checkK8sVolumes(objs k8sObjects, pod corev1.PodSpec, c corev1.Container) []error {
	var errs []error
	add := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }
	volumes := map[string]corev1.Volume{}
	for _, v := range pod.Volumes {
		volumes[v.Name] = v
	}
	claims := map[string]bool{}
	for _, pvc := range objs.pvcs {
		claims[pvc.Name] = true
	}
	mounts := map[string]string{}
	for _, m := range c.VolumeMounts {
		mounts[m.MountPath] = m.Name
		v, ok := volumes[m.Name]
		switch {
		case !ok:
			add("deployment.yaml mounts %s, which is not a volume", m.Name)
		case v.PersistentVolumeClaim != nil && !claims[v.PersistentVolumeClaim.ClaimName]:
			add("deployment.yaml claims %s, which no manifest defines", v.PersistentVolumeClaim.ClaimName)
		}
	}
	if p.spec.HasSQLite() {
		if v := volumes[mounts[sqliteDataDir]]; v.PersistentVolumeClaim == nil {
			add("deployment.yaml mounts no claim on %s, where SQLite keeps its file", sqliteDataDir)
		}
		if v := volumes[mounts["/tmp"]]; v.EmptyDir == nil {
			add("deployment.yaml mounts no emptyDir on /tmp, where SQLite writes temporary files")
		}
	} else if len(mounts) > 0 {
		add("deployment.yaml mounts %v; the service writes no files", mounts)
	}
	return errs
}

// sqliteDataDir is where the image keeps the SQLite file, a volume everywhere.
const sqliteDataDir = "/data"

func TestDeployK8sManifests(t *testing.T) {
	for _, p := range deployVariants(t) {
		if err := p.checkK8s(); err != nil {
			t.Errorf("%s: %v", variantName(p.spec), err)
		}
	}
}

// Each case breaks one thing in a generated file, and checkK8s must say so.
func TestDeployK8sChecksCatchBrokenFiles(t *testing.T) {
	s := NewSpec("orders")
	s.Database, s.Cache, s.Auth, s.Transport = DatabasePG, CacheRedis, AuthJWT, TransportBoth
	multi := generateDeploy(t, s)
	s = NewSpec("orders")
	s.Database, s.Transport = DatabaseSQLite, TransportGRPC
	single := generateDeploy(t, s)
	for _, tc := range []struct {
		name, file string
		p          project
		edit       func(string) string
		want       string
	}{
		{"unknown field", "deployment.yaml", multi, replace("terminationGracePeriodSeconds:", "terminationGracePeriod:"), `unknown field "terminationGracePeriod"`},
		{"misplaced field", "deployment.yaml", multi, replace("          readinessProbe:", "          readynessProbe:"), "unknown field"},
		{"unlisted manifest", "kustomization.yaml", multi, replace("  - pdb.yaml\n", ""), "want the directory's manifests"},
		{"grace period", "deployment.yaml", multi, replace("terminationGracePeriodSeconds: 30", "terminationGracePeriodSeconds: 10"), "grace period 10s"},
		{"shutdown leaves no flush", "configmap.yaml", multi, replace("SHUTDOWN_TIMEOUT: 15s", "SHUTDOWN_TIMEOUT: 25s"), "> grace period"},
		{"unknown variable", "configmap.yaml", multi, replace("  LOG_LEVEL: info\n", "  LOG_LEVEL: info\n  LOGLEVEL: debug\n"), "LOGLEVEL, which the service does not read"},
		{"literal env", "deployment.yaml", multi, replace("          env:\n", "          env:\n            - name: LOG_LEVEL\n              value: debug\n"), "sets LOG_LEVEL to a literal"},
		{"secret in configmap", "configmap.yaml", multi, replace("  LOG_LEVEL: info\n", "  LOG_LEVEL: info\n  JWT_SECRET: abc\n"), "JWT_SECRET, which belongs in a Secret"},
		{"undocumented secret", "deployment.yaml", multi, replace("kubectl create secret generic orders-redis ", "kubectl create secret generic redis "), "does not say how to create it"},
		{"secret key unknown", "deployment.yaml", multi, replace("--from-literal=REDIS_URL=", "--from-literal=REDIS_ADDR="), "REDIS_ADDR, which the service does not read"},
		{"port mismatch", "configmap.yaml", multi, replace(`GRPC_ADDR: ":9090"`, `GRPC_ADDR: ":9091"`), "listens on 9091"},
		{"service target", "service.yaml", multi, replace("targetPort: grpc", "targetPort: grcp"), "not a named container port"},
		{"probe path", "deployment.yaml", multi, replace("path: /readyz", "path: /ready"), "want GET /readyz"},
		{"no startup probe", "deployment.yaml", multi, replace("startupProbe:", "# startupProbe:\n          x-startupProbe:"), "unknown field"},
		{"root", "deployment.yaml", multi, replace("            runAsNonRoot: true\n", ""), "runAsNonRoot"},
		{"writable root", "deployment.yaml", multi, replace("readOnlyRootFilesystem: true", "readOnlyRootFilesystem: false"), "readOnlyRootFilesystem"},
		{"escalation", "deployment.yaml", multi, replace("allowPrivilegeEscalation: false", "allowPrivilegeEscalation: true"), "allowPrivilegeEscalation"},
		{"capabilities", "deployment.yaml", multi, replace("                - ALL", "                - NET_RAW"), "capabilities"},
		{"seccomp", "deployment.yaml", multi, replace("type: RuntimeDefault", "type: Unconfined"), "seccompProfile"},
		{"no memory limit", "deployment.yaml", multi, replace("            limits:\n              memory: 128Mi\n", ""), "memory limit"},
		{"replicas with autoscaler", "deployment.yaml", multi, replace("  selector:", "  replicas: 2\n  selector:"), "undoes the autoscaler"},
		{"blocking budget", "pdb.yaml", multi, replace("maxUnavailable: 1", "minAvailable: 1"), "never blocks a drain"},
		{"unhealthy pods block", "pdb.yaml", multi, replace("  unhealthyPodEvictionPolicy: AlwaysAllow\n", ""), "AlwaysAllow"},
		{"selector", "pdb.yaml", multi, replace("      app.kubernetes.io/name: orders\n", "      app.kubernetes.io/name: order\n"), "pdb.yaml selects"},
		{"sqlite rolls", "deployment.yaml", single, replace("type: Recreate", "type: RollingUpdate"), "Recreate"},
		{"sqlite scales", "kustomization.yaml", single, replace("  - pvc.yaml\n", "  - pvc.yaml\n  - hpa.yaml\n"), "want the directory's manifests"},
		{"sqlite data", "deployment.yaml", single, replace("mountPath: /data", "mountPath: /var/data"), "no claim on /data"},
		{"sqlite tmp", "deployment.yaml", single, replace("mountPath: /tmp", "mountPath: /scratch"), "no emptyDir on /tmp"},
		{"missing claim", "pvc.yaml", single, replace("name: orders-data", "name: orders-db"), "which no manifest defines"},
		{"grpc readiness", "deployment.yaml", single, replace("port: 9090", "port: 9091"), "gRPC health check"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.p.withFile(t, k8sDir+tc.file, tc.edit).checkK8s()
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("checkK8s() = %v, want an error with %q", err, tc.want)
			}
		})
	}
}
