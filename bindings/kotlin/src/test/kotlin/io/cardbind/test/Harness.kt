package io.cardbind.test

import java.io.File

// A tiny test runner: no JUnit, no Gradle. `main` runs every registered test and ends with the
// line "N passed, N failed"; the process exits non-zero if any test failed.

class AssertionFailed(message: String) : Exception(message)

private val tests = ArrayList<Pair<String, () -> Unit>>()

fun test(name: String, body: () -> Unit) {
    tests.add(name to body)
}

fun check(condition: Boolean, message: () -> String) {
    if (!condition) throw AssertionFailed(message())
}

fun <T> assertEq(expected: T, actual: T, what: String = "value") {
    if (expected is ByteArray && actual is ByteArray) {
        check(expected.contentEquals(actual)) { "$what: expected ${expected.hex()} but got ${actual.hex()}" }
    } else {
        check(expected == actual) { "$what: expected <$expected> but got <$actual>" }
    }
}

inline fun <reified E : Throwable> assertThrows(body: () -> Unit): E {
    try {
        body()
    } catch (e: Throwable) {
        if (e is E) return e
        throw AssertionFailed("expected ${E::class.simpleName} but got ${e::class.qualifiedName}: ${e.message}")
    }
    throw AssertionFailed("expected ${E::class.simpleName} but nothing was thrown")
}

fun ByteArray.hex(): String = joinToString("") { "%02x".format(it) }

fun String.unhex(): ByteArray = chunked(2).map { it.toInt(16).toByte() }.toByteArray()

/** The repository root: `CARDBIND_ROOT`, or found by walking up to `spec/vectors`. */
val repoRoot: File by lazy {
    System.getenv("CARDBIND_ROOT")?.let { return@lazy File(it) }
    var dir: File? = File(".").absoluteFile
    while (dir != null && !File(dir, "spec/vectors").isDirectory) dir = dir.parentFile
    dir ?: error("cannot find the repository root (set CARDBIND_ROOT)")
}

fun specFile(path: String): File = File(repoRoot, "spec/$path")

fun keyBytes(name: String): ByteArray = specFile("vectors/keys/$name").readBytes()

/** Deterministic "random" seed for reproducible tests (real callers use SecureRandom). */
fun seed(n: Int = 7): ByteArray = ByteArray(32) { (it * 31 + n).toByte() }

fun runAll(): Int {
    var passed = 0
    var failed = 0
    for ((name, body) in tests) {
        try {
            body()
            passed++
            println("ok   $name")
        } catch (e: Throwable) {
            failed++
            println("FAIL $name: ${e::class.simpleName}: ${e.message}")
        }
    }
    println("kotlin: $passed passed, $failed failed")
    return failed
}
