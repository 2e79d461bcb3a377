package io.cardbind.jvm

import io.cardbind.CardbindException
import io.cardbind.DigestAlgorithm
import io.cardbind.ErrorKind
import io.cardbind.ExplainRequest
import io.cardbind.Explanation
import io.cardbind.HttpRequest
import io.cardbind.HttpResponse
import io.cardbind.NameValue
import io.cardbind.Outcome
import io.cardbind.Provider
import io.cardbind.ProviderClient
import io.cardbind.fullUrl
import java.math.BigDecimal
import java.math.BigInteger
import java.security.SecureRandom

/**
 * Static helpers for Java callers of the generated `io.cardbind` API (shipped in the
 * `cardbind-jvm` jar, hand-written: `bindings/kotlin/src/jvm`).
 *
 * The generated API works from Java as it is — `new ProviderClient(Provider.LIAN_LIAN, json)`,
 * `encodeRequest`/`decodeResponse`, enums, `instanceof OutcomeStatus.CodeSent`, `catch
 * (CardbindException.Signature e)` — except for these, which this object covers:
 *  - `HttpResponse.status` is a Kotlin `UShort`, an inline class: its constructor and getter
 *    have mangled JVM names Java cannot call. Use [response] and [status].
 *  - Configuration and params are JSON text and Java has no JSON writer: [json] writes one from
 *    `Map`, `List`, strings, numbers, booleans and null (what `Map.of` or a Spring
 *    `@ConfigurationProperties` bean holds).
 *  - Core reads no clock and no OS randomness: every call takes 32 fresh random bytes, [seed].
 *  - Top-level functions compile into `io.cardbind.CardbindKt`; [url] is `fullUrl`, [explain]
 *    is `explain` (with a short form for the common cases).
 */
data object Cardbind {
    /** The kotlin-stdlib and JNA versions the jar is built and tested with (its pom names them too). */
    private const val KOTLIN_STDLIB = "org.jetbrains.kotlin:kotlin-stdlib:2.4.20"
    private const val JNA = "net.java.dev.jna:jna:5.13.0"

    // Runs before any other use of this object, with nothing of kotlin-stdlib's (this class is
    // kept loadable without it: the JSON writer, which uses Kotlin's `Nothing`, lives in
    // JsonText). javac compiles a Java caller without kotlin-stdlib or JNA; without this the first
    // call would die of `NoClassDefFoundError: kotlin/KotlinNothingValueException`, naming neither.
    // scripts/test-java.sh runs a Java caller without each and checks the message.
    init {
        requireOnClasspath("kotlin.Unit", "kotlin-stdlib", KOTLIN_STDLIB)
        requireOnClasspath("com.sun.jna.Native", "JNA", JNA)
    }

    private fun requireOnClasspath(probe: String, library: String, coordinates: String) {
        try {
            Class.forName(probe, false, Cardbind::class.java.classLoader)
        } catch (missing: ClassNotFoundException) {
            throw NoClassDefFoundError(
                "cardbind-jvm needs $library at run time, and $probe is not on the classpath: add $coordinates " +
                    "(the jar's pom declares it; with a bare classpath, add its jar next to cardbind-jvm's)",
            )
        }
    }

    private val random = SecureRandom()

    /** A client for `provider` (`"lianlian"`, `"xianjincard"`...) configured from a map. */
    @JvmStatic
    @Throws(CardbindException::class)
    fun client(provider: String, config: Map<String, *>): ProviderClient =
        ProviderClient.fromName(provider, json(config, "config"))

    /** A client for `provider` configured from a map. */
    @JvmStatic
    @Throws(CardbindException::class)
    fun client(provider: Provider, config: Map<String, *>): ProviderClient =
        ProviderClient(provider, json(config, "config"))

    /** The JSON text of `value`; an unsupported value throws `Argument` naming its key path, never the value. */
    @JvmStatic
    @Throws(CardbindException::class)
    fun json(value: Map<String, *>): String = json(value, "value")

    private fun json(value: Map<String, *>, name: String): String = JsonText.write(value, name)

    /** 32 fresh bytes from one shared `SecureRandom`: the `seed` argument of every call. */
    @JvmStatic
    fun seed(): ByteArray = ByteArray(32).also(random::nextBytes)

    /** A received response, headers as `java.net.http.HttpHeaders.map()` gives them. */
    @JvmStatic
    @Throws(CardbindException::class)
    fun response(status: Int, headers: Map<String, List<String>>, body: ByteArray): HttpResponse =
        response(status, headers.flatMap { (name, values) -> values.map { NameValue(name, it) } }, body)

    /** A received response, headers in order. */
    @JvmStatic
    @Throws(CardbindException::class)
    fun response(status: Int, headers: List<NameValue>, body: ByteArray): HttpResponse {
        if (status !in 0..0xFFFF) {
            throw CardbindException.Argument(ErrorKind.INVALID_PARAMETER, "status", "not an HTTP status code (0 to 65535)")
        }
        return HttpResponse(status.toUShort(), headers, body)
    }

    /** The status code of a response (what the server role encoded). */
    @JvmStatic
    fun status(response: HttpResponse): Int = response.status.toInt()

    /** The HTTP status an outcome was decoded from, as an `Integer` (`null` when it was not). */
    @JvmStatic
    fun httpStatus(outcome: Outcome): Int? = outcome.httpStatus?.toInt()

    /** The request's URL with its query string, for HTTP clients that take one string. */
    @JvmStatic
    fun url(request: HttpRequest): String = fullUrl(request)

    /**
     * Why a signature does not verify: what `cardbind verify --explain` prints, as data (the same
     * Rust code). The request's fields are the command's options; [Explanation.report] is its text.
     * Arguments the command refuses throw `Argument` with its message.
     */
    @JvmStatic
    @Throws(CardbindException::class)
    fun explain(request: ExplainRequest): Explanation = io.cardbind.explain(request)

    /**
     * [explain] for the common cases: `message` as received (a JSON object or a form string), the
     * signature (default: its `sign` parameter), and the signer's RSA public key (PEM or base64)
     * with its `digest`, or the MD5 `secret`; `provider` takes the rule from its spec.
     */
    @JvmStatic
    @JvmOverloads
    @Throws(CardbindException::class)
    fun explain(
        message: String,
        signature: String? = null,
        key: String? = null,
        digest: DigestAlgorithm? = null,
        secret: String? = null,
        provider: String? = null,
    ): Explanation = io.cardbind.explain(
        ExplainRequest(
            message = message.toByteArray(Charsets.UTF_8),
            signature = signature,
            key = key?.toByteArray(Charsets.UTF_8),
            digest = digest,
            secret = secret,
            provider = provider,
        ),
    )
}

/** JSON text from `Map`, `List`, strings, numbers, booleans and null, for [Cardbind.json]. */
internal object JsonText {
    fun write(value: Map<String, *>, name: String): String =
        StringBuilder().also { writeJson(it, value, name) }.toString()

    private fun unsupported(path: String, what: String): Nothing =
        throw CardbindException.Argument(ErrorKind.INVALID_PARAMETER, path, what)

    private fun writeJson(out: StringBuilder, value: Any?, path: String) {
        when (value) {
            null -> out.append("null")
            is CharSequence -> writeString(out, value)
            is Boolean -> out.append(value)
            is Byte, is Short, is Int, is Long, is BigInteger -> out.append(value)
            is BigDecimal -> out.append(value.toString())
            is Float, is Double -> {
                val d = (value as Number).toDouble()
                if (d.isNaN() || d.isInfinite()) unsupported(path, "not a finite number")
                out.append(d)
            }
            is Map<*, *> -> {
                out.append('{')
                var first = true
                for ((key, item) in value) {
                    if (key !is String) unsupported(path, "a map key is not a string")
                    if (!first) out.append(',')
                    first = false
                    writeString(out, key)
                    out.append(':')
                    writeJson(out, item, "$path.$key")
                }
                out.append('}')
            }
            is Iterable<*> -> writeArray(out, value.iterator(), path)
            is Array<*> -> writeArray(out, value.iterator(), path)
            else -> unsupported(path, "unsupported value type ${value.javaClass.name} (use a string, number, boolean, map or list)")
        }
    }

    private fun writeArray(out: StringBuilder, items: Iterator<*>, path: String) {
        out.append('[')
        var index = 0
        for (item in items) {
            if (index > 0) out.append(',')
            writeJson(out, item, "$path[$index]")
            index++
        }
        out.append(']')
    }

    private fun writeString(out: StringBuilder, text: CharSequence) {
        out.append('"')
        for (c in text) {
            when {
                c == '"' -> out.append("\\\"")
                c == '\\' -> out.append("\\\\")
                c == '\n' -> out.append("\\n")
                c == '\r' -> out.append("\\r")
                c == '\t' -> out.append("\\t")
                c < ' ' -> out.append("\\u%04x".format(c.code))
                else -> out.append(c)
            }
        }
        out.append('"')
    }
}
