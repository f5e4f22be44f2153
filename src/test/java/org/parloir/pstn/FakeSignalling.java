package org.parloir.pstn;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.parloir.pstn.spi.TrunkCredentials;
import org.parloir.pstn.spi.TrunkSignalling;

/** Answers OPTIONS and REGISTER from what the test set; remembers what was asked. */
final class FakeSignalling implements TrunkSignalling {

    /** Status of the next OPTIONS; null leaves them unanswered. */
    volatile Integer optionsAnswer = 200;
    /** What the next REGISTER grants; null fails it. */
    volatile Duration granted = Duration.ofSeconds(600);
    final List<String> sent = new ArrayList<>();

    @Override
    public synchronized CompletionStage<Integer> options(String host, int port, String transport) {
        sent.add("OPTIONS " + host + ":" + port + ";" + transport);
        Integer answer = optionsAnswer;
        return answer == null ? new CompletableFuture<>() : CompletableFuture.completedFuture(answer);
    }

    @Override
    public synchronized CompletionStage<Duration> register(String host, int port, String transport,
                                                           TrunkCredentials credentials, Duration expires) {
        sent.add("REGISTER " + credentials.username() + "@" + credentials.domain() + " " + expires.toSeconds());
        Duration g = granted;
        return g == null ? CompletableFuture.failedFuture(new IllegalStateException("403 Forbidden"))
                : CompletableFuture.completedFuture(expires.isZero() ? Duration.ZERO : g);
    }

    synchronized List<String> sent() {
        return List.copyOf(sent);
    }
}
