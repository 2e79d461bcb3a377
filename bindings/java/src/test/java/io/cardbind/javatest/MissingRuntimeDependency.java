package io.cardbind.javatest;

import io.cardbind.jvm.Cardbind;

/**
 * Run by scripts/test-java.sh with kotlin-stdlib, then JNA, left off the classpath (javac compiles
 * this without either): the first use of {@code Cardbind} must fail with a NoClassDefFoundError
 * naming what to add and its version, not with {@code kotlin/KotlinNothingValueException}.
 */
public final class MissingRuntimeDependency {
    private MissingRuntimeDependency() {}

    public static void main(String[] args) {
        System.out.println("seed of " + Cardbind.seed().length + " bytes: no dependency was missing");
    }
}
