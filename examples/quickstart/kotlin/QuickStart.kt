// Quick start, Kotlin (JVM): bind a card with LianLian (apply, then confirm with the SMS code).
//
// Run from the repository root against the mock LianLian (scripts/mock-provider.sh), with the jar
// scripts/dist.sh builds, JNA and kotlin-stdlib:
//   kotlinc examples/quickstart/kotlin/QuickStart.kt -cp dist/cardbind-jvm-0.1.0.jar:jna.jar -d quickstart.jar
//   LIANLIAN_BASE_URL=http://127.0.0.1:8618 \
//     java -cp quickstart.jar:dist/cardbind-jvm-0.1.0.jar:jna.jar:kotlin-stdlib.jar QuickStartKt
// The README shows the part between the quickstart markers; scripts/test-quickstarts.sh runs it.

// quickstart:begin
import io.cardbind.*
import java.io.File
import java.net.URI
import java.net.http.HttpClient
import java.net.http.HttpResponse.BodyHandlers
import java.security.SecureRandom
import java.net.http.HttpRequest as JdkRequest
import kotlin.system.exitProcess

const val KEYS = "spec/vectors/keys" // TEST keys, public in this repository: never for real traffic
val http: HttpClient = HttpClient.newHttpClient()
val random = SecureRandom()

fun seed() = ByteArray(32).also(random::nextBytes) // core reads no OS randomness: 32 fresh bytes a call

/** Encodes, sends with java.net.http (any HTTP client will do), decodes: the unified outcome. */
fun ProviderClient.call(operation: String, paramsJson: String): Outcome {
    val request = encodeRequest(operation, paramsJson, System.currentTimeMillis(), seed())
    val send = JdkRequest.newBuilder(URI.create(fullUrl(request)))
        .method(request.method.name, JdkRequest.BodyPublishers.ofByteArray(request.body))
    request.headers.forEach { send.header(it.name, it.value) }
    val reply = http.send(send.build(), BodyHandlers.ofByteArray())
    val headers = reply.headers().map().flatMap { (name, values) -> values.map { NameValue(name, it) } }
    val response = HttpResponse(reply.statusCode().toUShort(), headers, reply.body())
    return decodeResponse(operation, response, System.currentTimeMillis(), seed()).outcome // throws on a bad signature
}

/** An environment variable the program needs; when it is missing, says what to set and stops. */
fun setting(name: String, what: String): String =
    System.getenv(name)?.takeIf { it.isNotBlank() } ?: run {
        System.err.println("$name is not set: $what")
        exitProcess(2)
    }

fun main() {
    // The mock or LianLian's test environment; for production, "environment": "production"
    // instead (https://mpayapi.lianlianpay.com/v1). One of the two is required.
    val baseUrl = setting("LIANLIAN_BASE_URL",
        "set it to the mock's URL (./scripts/mock-provider.sh: http://127.0.0.1:8618) or LianLian's test environment")
    val client = ProviderClient(Provider.LIAN_LIAN, """{
        "oid_partner": "201408071000001543", "sign_type": "RSA",
        "our_private_key": "${File("$KEYS/test-rsa-1024-private-pkcs8.b64").readText().trim()}",
        "their_public_key": "${File("$KEYS/test-rsa-2048-public-spki.b64").readText().trim()}",
        "base_url": "$baseUrl"}""") // keys: PEM or bare base64 (this one: no newlines to escape in JSON)

    val applied = client.call("bankcardbind", """{"user_id": "2013051500001", "card_no": "6222022005001212726",
        "bind_mob": "13800138000", "acct_name": "张三", "id_type": "0", "id_no": "11010519491231002X", "pay_type": "2",
        "risk_item": "{\"frms_ware_category\":\"2009\",\"user_info_mercht_userno\":\"2013051500001\"}"}""")
    val token = (applied.status as? OutcomeStatus.CodeSent)?.confirmToken ?: error("no code sent: ${applied.providerCode}")
    println("apply: code_sent $token")

    // 123456: the SMS code the user typed
    val confirmed = client.call("bankcardbindverfy", """{"user_id": "2013051500001", "token": "$token", "verify_code": "123456"}""")
    when (val status = confirmed.status) {
        is OutcomeStatus.Succeeded -> println("confirm: succeeded ${confirmed.providerCode}")
        is OutcomeStatus.Failed -> println("confirm: failed ${status.kind} retryable=${status.retryable}")
        else -> println("confirm: $status ${confirmed.providerCode}")
    }
}
// quickstart:end
