package io.cardbind.test

import kotlin.system.exitProcess

fun main() {
    registerVectorTests()
    registerClientTests()
    registerProviderVectorTests()
    registerSignedMessageTests()
    registerDefaultsTests()
    registerMaskingAuditTests()
    registerProviderKitTests()
    registerExplainTests()
    exitProcess(if (runAll() == 0) 0 else 1)
}
