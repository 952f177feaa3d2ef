package generator

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"strings"
)

// Tidy runs `go mod tidy` in a freshly written project so that it builds at once
// (it writes go.sum). It tries the local module cache first, which needs no network
// and is fast, and only then the configured module proxy.
func Tidy(ctx context.Context, dir string) error {
	offline := tidyCmd(ctx, dir, "GOPROXY=off", "GOFLAGS=-mod=mod")
	if _, err := run(offline); err == nil {
		return nil
	}
	out, err := run(tidyCmd(ctx, dir, "GOFLAGS=-mod=mod"))
	if err != nil {
		return fmt.Errorf("go mod tidy: %w: %s", err, strings.TrimSpace(out))
	}
	return nil
}

func tidyCmd(ctx context.Context, dir string, env ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, "go", "mod", "tidy")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	return cmd
}

func run(cmd *exec.Cmd) (string, error) {
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	return out.String(), err
}
