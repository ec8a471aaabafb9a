//go:build tools

// Pins kustomize (built by ensure.sh) in this module's go.sum.
package tools

import _ "sigs.k8s.io/kustomize/kustomize/v5"
