// Quick start, Java 17: bind a card with LianLian (apply, then confirm with the SMS code).
//
// Run from the repository root against the mock LianLian (scripts/mock-provider.sh), with the jar
// scripts/dist.sh builds, JNA and kotlin-stdlib (no Kotlin code of yours; nothing to compile first):
//   LIANLIAN_BASE_URL=http://127.0.0.1:8618 java \
//     -cp dist/cardbind-jvm-0.1.0.jar:jna.jar:kotlin-stdlib.jar examples/quickstart/java/QuickStart.java
// The README shows the part between the quickstart markers; scripts/test-quickstarts.sh runs it.

// quickstart:begin
import io.cardbind.*;
import io.cardbind.jvm.Cardbind;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

// io.cardbind: the generated API; io.cardbind.jvm.Cardbind: helpers for what Java cannot do with it
// directly (JSON from a Map, fresh random seeds, HttpResponse's unsigned status code).
public class QuickStart {
    static final Path KEYS = Path.of("spec/vectors/keys"); // TEST keys, public in this repository: never for real traffic
    static final HttpClient HTTP = HttpClient.newHttpClient();

    /** Encodes, sends with java.net.http (any HTTP client will do), decodes: the unified outcome. */
    static Outcome call(ProviderClient client, String operation, Map<String, ?> params) throws Exception {
        HttpRequest request = client.encodeRequest(operation, Cardbind.json(params), System.currentTimeMillis(), Cardbind.seed());
        var send = java.net.http.HttpRequest.newBuilder(URI.create(Cardbind.url(request)))
            .method(request.getMethod().name(), java.net.http.HttpRequest.BodyPublishers.ofByteArray(request.getBody()));
        for (NameValue header : request.getHeaders()) send.header(header.getName(), header.getValue());
        var reply = HTTP.send(send.build(), BodyHandlers.ofByteArray());
        HttpResponse response = Cardbind.response(reply.statusCode(), reply.headers().map(), reply.body());
        // Throws CardbindException.Signature when the reply's signature does not verify.
        return client.decodeResponse(operation, response, System.currentTimeMillis(), Cardbind.seed()).getOutcome();
    }

    /** An environment variable the program needs; when it is missing, says what to set and stops. */
    static String setting(String name, String what) {
        String value = System.getenv(name);
        if (value == null || value.isBlank()) {
            System.err.println(name + " is not set: " + what);
            System.exit(2);
        }
        return value;
    }

    public static void main(String[] args) throws Exception {
        // The mock or LianLian's test environment; for production, "environment": "production"
        // instead (https://mpayapi.lianlianpay.com/v1). One of the two is required.
        String baseUrl = setting("LIANLIAN_BASE_URL",
            "set it to the mock's URL (./scripts/mock-provider.sh: http://127.0.0.1:8618) or LianLian's test environment");
        ProviderClient client = Cardbind.client("lianlian", Map.of(
            "oid_partner", "201408071000001543",
            "sign_type", "RSA",
            "our_private_key", Files.readString(KEYS.resolve("test-rsa-1024-private-pkcs8.pem")), // PEM or bare base64
            "their_public_key", Files.readString(KEYS.resolve("test-rsa-2048-public-spki.pem")),
            "base_url", baseUrl));

        Outcome applied = call(client, "bankcardbind", Map.of(
            "user_id", "2013051500001", "card_no", "6222022005001212726", "bind_mob", "13800138000",
            "acct_name", "张三", "id_type", "0", "id_no", "11010519491231002X", "pay_type", "2",
            "risk_item", "{\"frms_ware_category\":\"2009\",\"user_info_mercht_userno\":\"2013051500001\"}"));
        if (!(applied.getStatus() instanceof OutcomeStatus.CodeSent sent)) {
            throw new IllegalStateException("no code sent: " + applied.getProviderCode());
        }
        System.out.println("apply: code_sent " + sent.getConfirmToken());

        Outcome confirmed = call(client, "bankcardbindverfy", Map.of(
            "user_id", "2013051500001", "token", sent.getConfirmToken(),
            "verify_code", "123456")); // the SMS code the user typed
        if (confirmed.getStatus() instanceof OutcomeStatus.Succeeded) {
            System.out.println("confirm: succeeded " + confirmed.getProviderCode());
        } else if (confirmed.getStatus() instanceof OutcomeStatus.Failed failed) {
            System.out.println("confirm: failed " + failed.getKind() + " retryable=" + failed.getRetryable());
        }
    }
}
// quickstart:end
