package io.cardbind.javatest;

import io.cardbind.CardbindException;
import io.cardbind.DecodedRequest;
import io.cardbind.DecodedResponse;
import io.cardbind.DigestAlgorithm;
import io.cardbind.ErrorKind;
import io.cardbind.Explanation;
import io.cardbind.HttpRequest;
import io.cardbind.HttpResponse;
import io.cardbind.Method;
import io.cardbind.NameValue;
import io.cardbind.Outcome;
import io.cardbind.OutcomeStatus;
import io.cardbind.Provider;
import io.cardbind.ProviderClient;
import io.cardbind.SignatureCheck;
import io.cardbind.jvm.Cardbind;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Plain Java 17 against the cardbind-jvm jar, with only JNA and kotlin-stdlib beside it, doing what
 * a Spring service does: a LianLian client bean built from application.properties, a service that
 * encodes a bankcardbind apply and decodes LianLian's reply, typed exceptions caught by type. No
 * Spring here (no Maven repository is reachable), but the same shapes: a properties record, a
 * bean factory method, a service class. No JUnit either: main runs every test and ends with
 * "java: N passed, N failed"; the exit status is non-zero if any failed.
 */
public final class SpringStyleTest {
    static final Path ROOT = Path.of(Objects.requireNonNullElse(System.getenv("CARDBIND_ROOT"), "."));
    static final String CARD = "6222022005001212726";
    static final String PHONE = "13800138000";
    static final String NAME = "张三";
    static final String ID_NUMBER = "11010519491231002X";
    static final String TOKEN = "1A2B3C4D5E6F7A8B9C0D1E2F3A4B5C6D";

    // --- what the service's code would be -------------------------------------------------------

    /** @ConfigurationProperties("cardbind.lianlian"), bound by hand from the same file. */
    record LianLianProperties(String oidPartner, String signType, Path privateKeyFile, Path lianlianPublicKeyFile,
                              String baseUrl) {
        static LianLianProperties bind(Properties file) {
            String prefix = "cardbind.lianlian.";
            return new LianLianProperties(
                file.getProperty(prefix + "oid-partner"),
                file.getProperty(prefix + "sign-type"),
                ROOT.resolve(file.getProperty(prefix + "private-key-file")),
                ROOT.resolve(file.getProperty(prefix + "lianlian-public-key-file")),
                file.getProperty(prefix + "base-url"));
        }
    }

    /** The @Bean method: one client, keys parsed once, shared by every request thread. */
    static ProviderClient lianLianClient(LianLianProperties props) throws CardbindException, IOException {
        return Cardbind.client("lianlian", Map.of(
            "oid_partner", props.oidPartner(),
            "sign_type", props.signType(),
            "our_private_key", Files.readString(props.privateKeyFile()),
            "their_public_key", Files.readString(props.lianlianPublicKeyFile()),
            "base_url", props.baseUrl()));
    }

    /** What the apply step tells the controller. */
    record ApplyResult(boolean codeSent, String confirmToken, String providerCode, String providerMessage) {}

    /** The @Service the bind-card controller calls. */
    static final class BindCardService {
        private final ProviderClient lianlian;

        BindCardService(ProviderClient lianlian) {
            this.lianlian = lianlian;
        }

        /** The request to send to LianLian (the service's HTTP client sends it). */
        HttpRequest apply(String userId, String cardNumber, String phone, String holderName, String idNumber)
                throws CardbindException {
            Map<String, Object> params = new LinkedHashMap<>();
            params.put("user_id", userId);
            params.put("card_no", cardNumber);
            params.put("bind_mob", phone);
            params.put("acct_name", holderName);
            params.put("id_type", "0");
            params.put("id_no", idNumber);
            params.put("pay_type", "2"); // debit card (LianLian: 2 debit, 3 credit, P authenticated payment)
            params.put("risk_item", Cardbind.json(Map.of("frms_ware_category", "2009", "user_info_mercht_userno", userId)));
            params.put("no_order", "BIND20240315000001");
            return lianlian.encodeRequest("bankcardbind", Cardbind.json(params), System.currentTimeMillis(), Cardbind.seed());
        }

        /** LianLian's reply, as the HTTP client received it; throws CardbindException.Signature if forged. */
        ApplyResult onApplyReply(int status, Map<String, List<String>> headers, byte[] body) throws CardbindException {
            HttpResponse response = Cardbind.response(status, headers, body);
            Outcome outcome = lianlian.decodeResponse("bankcardbind", response, System.currentTimeMillis(), Cardbind.seed())
                .getOutcome();
            String token = outcome.getStatus() instanceof OutcomeStatus.CodeSent sent ? sent.getConfirmToken() : null;
            return new ApplyResult(token != null, token, outcome.getProviderCode(), outcome.getProviderMessage());
        }
    }

    // --- fixtures -------------------------------------------------------------------------------

    static LianLianProperties properties() throws IOException {
        Properties file = new Properties();
        try (InputStream in = Files.newInputStream(ROOT.resolve("bindings/java/src/test/resources/application.properties"))) {
            file.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
        }
        return LianLianProperties.bind(file);
    }

    /** LianLian's side, configured from the other half of the key pairs (as the mock provider is). */
    static ProviderClient mockLianLian() throws Exception {
        return Cardbind.client(Provider.LIAN_LIAN, Map.of(
            "oid_partner", "201408071000001543",
            "base_url", "http://unused.example", // LianLian's side never calls LianLian
            "sign_type", "RSA",
            "our_private_key", Files.readString(ROOT.resolve("spec/vectors/keys/test-rsa-2048-private-pkcs8.pem")),
            "their_public_key", Files.readString(ROOT.resolve("spec/vectors/keys/test-rsa-1024-public-spki.pem"))));
    }

    /** A reply body from spec/vectors/providers/lianlian.json (made with Python `cryptography`). */
    @SuppressWarnings("unchecked")
    static byte[] vectorReply(String id) throws IOException {
        String text = Files.readString(ROOT.resolve("spec/vectors/providers/lianlian.json"));
        for (Object item : (List<Object>) MiniJson.object(text).get("responses")) {
            Map<String, Object> reply = (Map<String, Object>) item;
            if (id.equals(reply.get("id"))) return ((String) reply.get("body_utf8")).getBytes(StandardCharsets.UTF_8);
        }
        throw new AssertionError("no response vector " + id);
    }

    static final Map<String, List<String>> JSON_HEADERS = Map.of("Content-Type", List.of("application/json;charset=utf-8"));

    // --- a tiny runner ----------------------------------------------------------------------------

    interface Body {
        void run() throws Exception;
    }

    static final List<Map.Entry<String, Body>> TESTS = new ArrayList<>();

    static void test(String name, Body body) {
        TESTS.add(Map.entry(name, body));
    }

    static void check(boolean condition, String message) {
        if (!condition) throw new AssertionError(message);
    }

    static void assertEq(Object expected, Object actual, String what) {
        check(Objects.equals(expected, actual), what + ": expected <" + expected + "> but got <" + actual + ">");
    }

    static void assertNoPersonalData(String text) {
        for (String secret : List.of(CARD, PHONE, NAME, ID_NUMBER)) {
            check(!text.contains(secret), "personal data in: " + text);
        }
    }

    static <E extends Throwable> E assertThrows(Class<E> type, Body body) throws Exception {
        try {
            body.run();
        } catch (Throwable e) {
            if (type.isInstance(e)) return type.cast(e);
            throw new AssertionError("expected " + type.getName() + " but got " + e, e);
        }
        throw new AssertionError("expected " + type.getName() + " but nothing was thrown");
    }

    // --- the tests --------------------------------------------------------------------------------

    static void register() {
        // linux-x86-64 natively, linux-aarch64 under emulation (scripts/test-aarch64.sh): JNA's name for this platform.
        test("native library: loaded by JNA from the jar's " + com.sun.jna.Platform.RESOURCE_PREFIX + "/ resource, no jna.library.path", () -> {
            assertEq(null, System.getProperty("jna.library.path"), "jna.library.path");
            String path = com.sun.jna.Platform.RESOURCE_PREFIX + "/libcardbind_uniffi.so";
            String resource = String.valueOf(ProviderClient.class.getClassLoader().getResource(path));
            String jar = String.valueOf(ProviderClient.class.getProtectionDomain().getCodeSource().getLocation());
            check(resource.startsWith("jar:" + jar + "!/"), "resource " + resource + " is not in " + jar);
            mockLianLian(); // the first call loads the library
            // JNA names the copy it extracts from a classpath resource jnaNNN.tmp (and deletes it once loaded).
            Path loaded = com.sun.jna.NativeLibrary.getInstance("cardbind_uniffi").getFile().toPath();
            check(loaded.getFileName().toString().matches("jna\\d+\\.tmp"), "loaded from " + loaded + ", not a copy JNA extracted");
        });

        test("config: the client bean is built from application.properties and the key files it names", () -> {
            LianLianProperties props = properties();
            assertEq("201408071000001543", props.oidPartner(), "oid-partner");
            try (ProviderClient client = lianLianClient(props)) {
                assertEq(Provider.LIAN_LIAN, client.provider(), "provider");
                assertEq(List.of("bankcardbind", "bankcardbindverfy"), client.operations(), "operations");
            }
        });

        test("config: private-key-file naming a file that holds no key fails at startup with CardbindException.Key", () -> {
            LianLianProperties good = properties();
            LianLianProperties wrong = new LianLianProperties(good.oidPartner(), good.signType(),
                ROOT.resolve("bindings/java/src/test/resources/application.properties"), good.lianlianPublicKeyFile(),
                good.baseUrl());
            CardbindException.Key e = assertThrows(CardbindException.Key.class, () -> lianLianClient(wrong));
            assertEq("our_private_key", e.getField(), "field");
            assertEq(ErrorKind.MERCHANT_MISCONFIGURED, e.getKind(), "kind");
        });

        test("encode: a bankcardbind apply is a signed JSON POST to base-url/bankcardbind, personal data encrypted", () -> {
            BindCardService service = new BindCardService(lianLianClient(properties()));
            HttpRequest request = service.apply("2013051500001", CARD, PHONE, NAME, ID_NUMBER);
            assertEq(Method.POST, request.getMethod(), "method");
            assertEq("http://127.0.0.1:8618/bankcardbind", Cardbind.url(request), "url");
            assertEq(List.of(new NameValue("Content-Type", "application/json;charset=utf-8")), request.getHeaders(), "headers");
            String body = new String(request.getBody(), StandardCharsets.UTF_8);
            assertNoPersonalData(body);
            Map<String, Object> wire = MiniJson.object(body);
            assertEq(List.of("oid_partner", "pay_load"), List.copyOf(wire.keySet()), "wire members");
            check(((String) wire.get("pay_load")).startsWith("lianpay1_0_1$"), "pay_load is LianLian's envelope");

            // LianLian's side opens it: exactly the fields the service passed, signed by the merchant key.
            DecodedRequest received = mockLianLian().decodeRequest(request, System.currentTimeMillis(), Cardbind.seed());
            assertEq("bankcardbind", received.getOperation(), "operation");
            assertEq(SignatureCheck.VERIFIED, received.getSignature(), "signature");
            Map<String, Object> fields = MiniJson.object(received.getFieldsJson());
            assertEq(CARD, fields.get("card_no"), "card_no");
            assertEq(PHONE, fields.get("bind_mob"), "bind_mob");
            assertEq(NAME, fields.get("acct_name"), "acct_name");
            assertEq(ID_NUMBER, fields.get("id_no"), "id_no");
            assertEq("BIND20240315000001", fields.get("no_order"), "no_order");
            assertEq("201408071000001543", fields.get("oid_partner"), "oid_partner");
            assertEq(Map.of("frms_ware_category", "2009", "user_info_mercht_userno", "2013051500001"),
                MiniJson.object((String) fields.get("risk_item")), "risk_item");
            assertNoPersonalData(received.getMaskedFieldsJson());
        });

        test("decode: LianLian's signed 8888 reply (spec vector) gives code sent and its confirm token", () -> {
            BindCardService service = new BindCardService(lianLianClient(properties()));
            ApplyResult result = service.onApplyReply(200, JSON_HEADERS, vectorReply("bankcardbind-8888-RSA"));
            assertEq(new ApplyResult(true, TOKEN, "8888", "验证码已发送"), result, "apply result");
        });

        test("decode: the full DecodedResponse of the 8888 reply, read from Java", () -> {
            try (ProviderClient client = lianLianClient(properties())) {
                DecodedResponse reply = client.decodeResponse("bankcardbind",
                    Cardbind.response(200, JSON_HEADERS, vectorReply("bankcardbind-8888-RSA")), System.currentTimeMillis(), Cardbind.seed());
                assertEq(SignatureCheck.VERIFIED, reply.getSignature(), "signature");
                assertEq(new OutcomeStatus.CodeSent(TOKEN), reply.getOutcome().getStatus(), "status");
                Map<String, Object> fields = MiniJson.object(reply.getFieldsJson());
                assertEq(TOKEN, fields.get("token"), "token field");
                assertEq("BIND20240315000001", fields.get("no_order"), "no_order field");
            }
        });

        test("logging: the client, the outcome and its status print readably (what a logger's {} shows), never an object identity", () -> {
            try (ProviderClient client = lianLianClient(properties())) {
                assertEq("ProviderClient { provider: LianLian, .. }", client.toString(), "ProviderClient.toString()");
                Outcome outcome = client.decodeResponse("bankcardbind",
                    Cardbind.response(200, JSON_HEADERS, vectorReply("bankcardbind-8888-RSA")), System.currentTimeMillis(), Cardbind.seed())
                    .getOutcome();
                assertEq("Outcome { status: CodeSent { confirm_token: Some(\"" + TOKEN + "\") }, provider_code: \"8888\", "
                    + "provider_message: Some(\"验证码已发送\"), authenticated: true, http_status: Some(200) }", outcome.toString(), "Outcome.toString()");
                assertEq("Succeeded", OutcomeStatus.Succeeded.INSTANCE.toString(), "OutcomeStatus.Succeeded.toString()");
                assertEq("LIAN_LIAN", Provider.LIAN_LIAN.toString(), "Provider.toString()");
            }
        });

        test("decode: a reply altered in transit throws CardbindException.Signature, caught by type", () -> {
            BindCardService service = new BindCardService(lianLianClient(properties()));
            byte[] tampered = new String(vectorReply("bankcardbind-8888-RSA"), StandardCharsets.UTF_8)
                .replace("验证码已发送", "验证码已发出").getBytes(StandardCharsets.UTF_8);
            String caught = null;
            try {
                service.onApplyReply(200, JSON_HEADERS, tampered);
            } catch (CardbindException.Signature e) {
                assertEq(ErrorKind.SIGNATURE_INVALID, e.getKind(), "kind");
                assertEq("sign", e.getField(), "field");
                caught = e.getDetail();
            } catch (CardbindException e) {
                throw new AssertionError("expected CardbindException.Signature, got " + e.getClass().getName(), e);
            }
            check(caught != null, "nothing thrown for a tampered reply");
            check(!caught.contains("验证码"), "the detail quotes the message: " + caught);
            check(caught.endsWith("(diagnose: cardbind verify --explain --provider lianlian --key THEIR_PUBLIC_KEY.pem "
                + "SIGNED_FIELDS.json; an MD5 sign_type takes --secret-file SECRET.txt instead of --key)"),
                "the detail names the command that diagnoses it: " + caught);

            // That diagnosis from Java: a genuine LianLian signature over another string.
            String body = new String(tampered, StandardCharsets.UTF_8);
            String lianlianPublic = Files.readString(ROOT.resolve("spec/vectors/keys/test-rsa-2048-public-spki.pem"));
            Explanation explained = Cardbind.explain(body, null, lianlianPublic, DigestAlgorithm.MD5);
            assertEq(false, explained.getVerified(), "verified");
            assertEq("different_string", explained.getDiagnosis().getMostLikely().getCause(), "cause");
            check(explained.getReport().contains("most likely cause: the signature is genuine for this key"), explained.getReport());
        });

        test("decode: LianLian's unsigned 1900 reply to confirm is failed VERIFY_CODE_WRONG, not retryable", () -> {
            try (ProviderClient client = lianLianClient(properties())) {
                Outcome outcome = client.decodeResponse("bankcardbindverfy",
                    Cardbind.response(200, JSON_HEADERS, vectorReply("bankcardbindverfy-1900")), System.currentTimeMillis(), Cardbind.seed())
                    .getOutcome();
                assertEq(new OutcomeStatus.Failed(ErrorKind.VERIFY_CODE_WRONG, false), outcome.getStatus(), "status");
                assertEq("短信验证码错误", outcome.getProviderMessage(), "message");
            }
        });

        test("validation: a card number failing Luhn throws CardbindException.Validation naming card_no, not the number", () -> {
            BindCardService service = new BindCardService(lianLianClient(properties()));
            CardbindException.Validation e = assertThrows(CardbindException.Validation.class, () ->
                service.apply("2013051500001", "6222022005001212727", PHONE, NAME, ID_NUMBER));
            assertEq("card_no", e.getField(), "field");
            assertEq("luhn", e.getRule(), "rule");
            assertEq(ErrorKind.INVALID_PARAMETER, e.getKind(), "kind");
            check(!e.getMessage().contains("6222022005001212727"), "the message quotes the card number: " + e.getMessage());
        });

        test("threads: one client shared by 4 threads decodes 200 replies, every outcome the same", () -> {
            ProviderClient client = lianLianClient(properties());
            byte[] body = vectorReply("bankcardbind-8888-RSA");
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<Outcome>> results = new ArrayList<>();
                for (int i = 0; i < 200; i++) {
                    results.add(pool.submit(() -> client.decodeResponse("bankcardbind", Cardbind.response(200, JSON_HEADERS, body),
                        System.currentTimeMillis(), Cardbind.seed()).getOutcome()));
                }
                for (Future<Outcome> result : results) {
                    Outcome outcome = result.get();
                    assertEq(new OutcomeStatus.CodeSent(TOKEN), outcome.getStatus(), "status");
                    assertEq("8888", outcome.getProviderCode(), "code");
                    assertEq("验证码已发送", outcome.getProviderMessage(), "message");
                    assertEq(true, outcome.getAuthenticated(), "authenticated");
                    assertEq(200, Cardbind.httpStatus(outcome), "http status");
                }
            } finally {
                pool.shutdown();
                client.close();
            }
        });

        test("facade: Cardbind.json writes maps, lists, numbers, booleans, null and escapes as JSON", () -> {
            Map<String, Object> value = new LinkedHashMap<>();
            value.put("s", "a\"b\\c\n张三\u0001");
            value.put("n", List.of(1, 2L, 1.5, new java.math.BigDecimal("10.00")));
            value.put("b", true);
            value.put("z", null);
            value.put("m", Map.of("k", "v"));
            assertEq("{\"s\":\"a\\\"b\\\\c\\n张三\\u0001\",\"n\":[1,2,1.5,10.00],\"b\":true,\"z\":null,\"m\":{\"k\":\"v\"}}",
                Cardbind.json(value), "json");
        });

        test("facade: Cardbind.json refuses what JSON cannot hold, naming the key path", () -> {
            CardbindException.Argument nan = assertThrows(CardbindException.Argument.class, () ->
                Cardbind.json(Map.of("signing", Map.of("ratio", Double.NaN))));
            assertEq("value.signing.ratio", nan.getField(), "field");
            CardbindException.Argument odd = assertThrows(CardbindException.Argument.class, () ->
                Cardbind.json(Map.of("list", List.of("x", new Object()))));
            assertEq("value.list[1]", odd.getField(), "field");
        });

        test("facade: Cardbind.response keeps the status and every header value, refuses a status over 65535", () -> {
            Map<String, List<String>> headers = new LinkedHashMap<>();
            headers.put("Content-Type", List.of("application/json"));
            headers.put("Set-Cookie", List.of("a=1", "b=2"));
            HttpResponse response = Cardbind.response(502, headers, new byte[] {1, 2});
            assertEq(502, Cardbind.status(response), "status");
            assertEq(List.of(new NameValue("Content-Type", "application/json"), new NameValue("Set-Cookie", "a=1"),
                new NameValue("Set-Cookie", "b=2")), response.getHeaders(), "headers");
            CardbindException.Argument e = assertThrows(CardbindException.Argument.class, () ->
                Cardbind.response(65536, headers, new byte[0]));
            assertEq("status", e.getField(), "field");
        });
    }

    public static void main(String[] args) {
        register();
        int passed = 0;
        int failed = 0;
        for (Map.Entry<String, Body> test : TESTS) {
            try {
                test.getValue().run();
                passed++;
                System.out.println("ok   " + test.getKey());
            } catch (Throwable e) {
                failed++;
                System.out.println("FAIL " + test.getKey() + ": " + e);
            }
        }
        System.out.println("java: " + passed + " passed, " + failed + " failed");
        System.exit(failed == 0 ? 0 : 1);
    }
}
