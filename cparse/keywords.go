// SPDX-License-Identifier: MIT

package cparse

// C and GNU C keywords as cc/v4 knows them.
var cKeywords = setOf(
	"auto", "break", "case", "char", "const", "continue", "default", "do", "double", "else", "enum",
	"extern", "float", "for", "goto", "if", "inline", "int", "long", "register", "restrict", "return",
	"short", "signed", "sizeof", "static", "struct", "switch", "typedef", "union", "unsigned", "void",
	"volatile", "while", "_Alignas", "_Alignof", "_Atomic", "_Bool", "_Complex", "_Generic",
	"_Imaginary", "_Noreturn", "_Static_assert", "_Thread_local", "__attribute__", "__attribute",
	"__asm__", "__asm", "asm", "__typeof__", "__typeof", "typeof", "__extension__", "__restrict",
	"__restrict__", "__const", "__const__", "__volatile__", "__volatile", "__inline__", "__inline",
	"__signed__", "__signed", "__label__", "__alignof__", "__alignof", "__real__", "__real", "__imag__",
	"__imag", "__int128", "__auto_type", "__thread", "__complex__", "__float128", "_Float16", "_Float32",
	"_Float64", "_Float128", "_Float32x", "_Float64x", "_Decimal32", "_Decimal64", "_Decimal128",
	"__uint128_t", "__int128_t", "typeof_unqual", "__typeof_unqual__", "alignof", "__fp16", "__bf16", "__complex", "__declspec", "_Nonnull", "_Float128x",
)

// typeKeywords start or continue a type specifier.
var typeKeywords = setOf(
	"void", "char", "short", "int", "long", "float", "double", "signed", "unsigned", "_Bool", "_Complex",
	"struct", "union", "enum", "typeof", "__typeof__", "__typeof", "__int128", "__signed__", "__signed",
	"__complex__", "__float128", "_Float16", "_Float32", "_Float64", "_Float128", "__uint128_t",
	"__int128_t", "__auto_type", "typeof_unqual", "__typeof_unqual__", "_BitInt", "_Atomic",
)

// qualifierKeywords may appear among declaration specifiers.
var qualifierKeywords = setOf(
	"const", "volatile", "restrict", "__restrict", "__restrict__", "__const", "__const__", "__volatile__",
	"__volatile", "static", "extern", "typedef", "inline", "__inline__", "__inline", "register", "auto",
	"_Thread_local", "__thread", "__extension__", "_Noreturn", "_Alignas", "thread_local", "constexpr",
)

// builtinTypeArgs are the keywords and builtins whose operand may be a type.
var builtinTypeArgs = setOf(
	"sizeof", "typeof", "__typeof__", "__typeof", "typeof_unqual", "__typeof_unqual__", "_Alignof",
	"__alignof__", "__alignof", "alignof", "__builtin_offsetof", "__builtin_types_compatible_p",
	"__builtin_va_arg", "_Generic", "_Alignas", "__builtin_convertvector", "__builtin_shufflevector",
)

func setOf(names ...string) map[string]bool {
	m := make(map[string]bool, len(names))
	for _, n := range names {
		m[n] = true
	}
	return m
}
