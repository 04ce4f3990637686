package io.personaforge.generator.engine;

import io.personaforge.generator.FailureKind;
import io.personaforge.generator.GenerationException;
import io.personaforge.generator.ModelCalls;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/** A fake call that stays out (sent, unanswered) until the test lets it answer. */
final class HeldCall implements RetryingCalls.Attempt {
  private final CountDownLatch out = new CountDownLatch(1);
  private final CountDownLatch answer = new CountDownLatch(1);
  private final AtomicInteger sent = new AtomicInteger();
  private final ModelCalls.Reply reply;
  private final GenerationException failure;

  private HeldCall(ModelCalls.Reply reply, GenerationException failure) {
    this.reply = reply;
    this.failure = failure;
  }

  static HeldCall answering(ModelCalls.Reply reply) {
    return new HeldCall(reply, null);
  }

  static HeldCall failing(GenerationException failure) {
    return new HeldCall(null, failure);
  }

  @Override
  public ModelCalls.Reply send(int attempt) throws GenerationException {
    sent.incrementAndGet();
    out.countDown();
    try {
      answer.await();
    } catch (InterruptedException e) {
      // The runner was closed: cut off like a dropped connection.
      Thread.currentThread().interrupt();
      throw new GenerationException("cut off", FailureKind.CONNECTION, null, null, e);
    }
    if (failure != null) {
      throw failure;
    }
    return reply;
  }

  /** Waits until the call is out. */
  void awaitOut() throws InterruptedException {
    out.await();
  }

  void answer() {
    answer.countDown();
  }

  /** Answers as soon as {@code runner} is stopping: a call out when the run is interrupted. */
  void answerWhenStopping(RetryingCalls runner) {
    Thread t =
        new Thread(
            () -> {
              while (!runner.stopping()) {
                Thread.onSpinWait();
              }
              answer();
            });
    t.setDaemon(true);
    t.start();
  }

  /** Attempts sent. */
  int sent() {
    return sent.get();
  }
}
