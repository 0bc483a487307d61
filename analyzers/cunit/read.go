// SPDX-License-Identifier: MIT

package cunit

import (
	"fmt"
	"os"
)

func readFile(path string) ([]byte, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if !st.Mode().IsRegular() {
		return nil, fmt.Errorf("%s: not a regular file", path)
	}
	if st.Size() > cparseMax {
		return nil, fmt.Errorf("%s: too large (%d bytes)", path, st.Size())
	}
	return os.ReadFile(path)
}

const cparseMax = 64 << 20
