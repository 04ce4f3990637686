package io.personaforge.generator.llm;

import dev.langchain4j.http.client.HttpClient;
import dev.langchain4j.http.client.HttpClientBuilder;
import dev.langchain4j.http.client.HttpRequest;
import dev.langchain4j.http.client.SuccessfulHttpResponse;
import dev.langchain4j.http.client.sse.ServerSentEventListener;
import dev.langchain4j.http.client.sse.ServerSentEventParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * langchain4j's HTTP seam, over the JDK client, keeping the response headers of failed calls so the
 * engine can honour Retry-After (langchain4j's own JDK client drops them). No per-host connection
 * cap: the engine alone decides how many calls are in flight. Thread-safe.
 */
final class JdkStatusHttpClient implements HttpClient {
  private static final Set<String> RESTRICTED =
      Set.of("connection", "content-length", "expect", "host", "upgrade");

  /** Longest excerpt of an error body kept for messages. */
  private static final int EXCERPT_CHARS = 300;

  private final java.net.http.HttpClient client;
  private final Duration readTimeout;
  private final String secret;

  private JdkStatusHttpClient(Duration connectTimeout, Duration readTimeout, String secret) {
    this.client =
        java.net.http.HttpClient.newBuilder()
            .connectTimeout(connectTimeout)
            // Plain-HTTP local servers (vLLM, llama.cpp, the simulator) speak HTTP/1.1; the h2c
            // upgrade dance would only add a round trip. HTTPS negotiates HTTP/2 via ALPN.
            .version(java.net.http.HttpClient.Version.HTTP_1_1)
            .build();
    this.readTimeout = readTimeout;
    this.secret = secret;
  }

  @Override
  public SuccessfulHttpResponse execute(HttpRequest request) {
    var b = java.net.http.HttpRequest.newBuilder(URI.create(request.url())).timeout(readTimeout);
    request
        .headers()
        .forEach(
            (name, values) -> {
              if (!RESTRICTED.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(v -> b.header(name, v));
              }
            });
    String body = request.body();
    b.method(
        request.method().name(),
        body == null
            ? java.net.http.HttpRequest.BodyPublishers.noBody()
            : java.net.http.HttpRequest.BodyPublishers.ofString(body));
    HttpResponse<String> response;
    try {
      response = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the LLM", e);
    }
    int status = response.statusCode();
    if (status < 200 || status >= 300) {
      throw new StatusException(status, retryAfter(response), excerpt(response.body()));
    }
    return SuccessfulHttpResponse.builder()
        .statusCode(status)
        .headers(response.headers().map())
        .body(response.body())
        .build();
  }

  @Override
  public void execute(
      HttpRequest request, ServerSentEventParser parser, ServerSentEventListener listener) {
    throw new UnsupportedOperationException("streaming is not used by PersonaForge");
  }

  private String excerpt(String body) {
    if (body == null) {
      return "";
    }
    String s = body.replaceAll("\\s+", " ").strip();
    s = Redaction.redact(s, secret);
    return s.length() <= EXCERPT_CHARS ? s : s.substring(0, EXCERPT_CHARS) + "…";
  }

  /**
   * {@code retry-after-ms} (OpenAI), else {@code Retry-After} in seconds or as an HTTP date, else —
   * when the server says its request budget is spent ({@code x-ratelimit-remaining-requests: 0}) —
   * the time until it resets ({@code x-ratelimit-reset-requests}, e.g. {@code 1s}, {@code 6m0s},
   * {@code 250ms}).
   */
  static Duration retryAfter(HttpResponse<?> response) {
    Duration d = retryAfterHeader(response);
    if (d != null) {
      return d;
    }
    Optional<String> remaining = response.headers().firstValue("x-ratelimit-remaining-requests");
    Optional<String> reset = response.headers().firstValue("x-ratelimit-reset-requests");
    if (remaining.isPresent() && remaining.get().strip().equals("0") && reset.isPresent()) {
      return resetDuration(reset.get());
    }
    return null;
  }

  /** OpenAI's reset durations: {@code 1s}, {@code 6m0s}, {@code 1h2m3.5s}, {@code 250ms}. */
  static Duration resetDuration(String v) {
    Matcher m = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|h|m|s)").matcher(v.strip());
    double millis = 0;
    boolean any = false;
    while (m.find()) {
      double n = Double.parseDouble(m.group(1));
      millis +=
          switch (m.group(2)) {
            case "h" -> n * 3_600_000;
            case "m" -> n * 60_000;
            case "s" -> n * 1000;
            default -> n;
          };
      any = true;
    }
    return any ? Duration.ofMillis((long) millis) : null;
  }

  private static Duration retryAfterHeader(HttpResponse<?> response) {
    Optional<String> ms = response.headers().firstValue("retry-after-ms");
    if (ms.isPresent()) {
      try {
        return Duration.ofMillis((long) Double.parseDouble(ms.get().strip()));
      } catch (NumberFormatException e) {
        // fall through to Retry-After
      }
    }
    Optional<String> ra = response.headers().firstValue("retry-after");
    if (ra.isEmpty()) {
      return null;
    }
    String v = ra.get().strip();
    try {
      return Duration.ofMillis((long) (Double.parseDouble(v) * 1000));
    } catch (NumberFormatException e) {
      try {
        ZonedDateTime at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
        Duration d = Duration.between(ZonedDateTime.now(at.getZone()), at);
        return d.isNegative() ? Duration.ZERO : d;
      } catch (RuntimeException e2) {
        return null;
      }
    }
  }

  /** Builds the client with the timeouts langchain4j passes from the model's builder. */
  static final class Builder implements HttpClientBuilder {
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration readTimeout = Duration.ofSeconds(60);
    private final String secret;

    Builder(String secret) {
      this.secret = secret;
    }

    @Override
    public Duration connectTimeout() {
      return connectTimeout;
    }

    @Override
    public HttpClientBuilder connectTimeout(Duration d) {
      if (d != null) {
        connectTimeout = d;
      }
      return this;
    }

    @Override
    public Duration readTimeout() {
      return readTimeout;
    }

    @Override
    public HttpClientBuilder readTimeout(Duration d) {
      if (d != null) {
        readTimeout = d;
      }
      return this;
    }

    @Override
    public HttpClient build() {
      return new JdkStatusHttpClient(connectTimeout, readTimeout, secret);
    }
  }
}
