//! "Learn": a guided tour of the seed overview, section by section, each step with a live
//! demonstration (a preset in the simulator or a program in the code lab) and what to watch.
//!
//! The text (`STEPS`, in English and Korean) is written here but reaches the browser as
//! `static/tour.json`, fetched when the tour opens, so that the first page load does not
//! carry it; a test keeps the file in step with `STEPS` (`UPDATE_TOUR=1 cargo test` rewrites
//! it). The app itself only knows the step ids ([`IDS`]) and reads [`StepText`] from JSON.

use crate::i18n::Lang;

/// What a step shows.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Demo {
    /// A simulator preset, by id.
    Preset(&'static str),
    /// A code lab example, by id.
    Code(&'static str),
}

/// The overview's sections, in order.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Section {
    Summary,
    Definitions,
    Stacks,
    Flow,
    Tradeoffs,
}

impl Section {
    pub fn title(self, lang: Lang) -> &'static str {
        let (en, ko) = match self {
            Section::Summary => ("Summary", "요약"),
            Section::Definitions => ("1. What asynchronous means", "1. 비동기 개념 정의"),
            Section::Stacks => ("2. The runtime models of each stack", "2. 주요 언어별 비동기 모델"),
            Section::Flow => ("3. The common asynchronous flow", "3. 공통 비동기 처리 흐름"),
            Section::Tradeoffs => ("4. Benefits and cautions", "4. 장점 및 주의사항"),
        };
        pick(lang, en, ko)
    }
}

/// One step of the tour.
pub struct Step {
    /// Stable id, used in `#learn=<id>` links.
    pub id: &'static str,
    pub section: Section,
    pub title: (&'static str, &'static str),
    pub body: (&'static str, &'static str),
    /// What to watch in the demonstration.
    pub watch: (&'static str, &'static str),
    pub demo: Demo,
    /// Panels to highlight: `diagram`, `code`, `timeline`, `metrics`, `faults`.
    pub focus: &'static [&'static str],
}

fn pick(lang: Lang, en: &'static str, ko: &'static str) -> &'static str {
    match lang {
        Lang::En => en,
        Lang::Ko => ko,
    }
}

impl Step {
    pub fn title_in(&self, lang: Lang) -> &'static str {
        pick(lang, self.title.0, self.title.1)
    }
    pub fn body_in(&self, lang: Lang) -> &'static str {
        pick(lang, self.body.0, self.body.1)
    }
    pub fn watch_in(&self, lang: Lang) -> &'static str {
        pick(lang, self.watch.0, self.watch.1)
    }
}

pub const STEPS: &[Step] = &[
    Step {
        id: "why",
        section: Section::Summary,
        title: ("Why asynchronous?", "비동기를 쓰는 이유"),
        body: (
            "Asynchronous processing does not hold the request–response flow while it waits: work that would \
             wait is handed off, and the server moves on. Every stack does it differently, but the goal is the \
             same: the most throughput from limited resources. The simulation is checked against real servers.",
            "비동기 처리는 기다리는 동안 요청-응답 흐름을 차단하지 않습니다. 기다려야 하는 작업은 넘겨 두고 서버는 \
             다음 일을 합니다. 스택마다 방식은 달라도 목표는 같습니다. 한정된 리소스로 최대 처리량을 얻는 것입니다. \
             이 시뮬레이션은 실제 서버로 검증했습니다.",
        ),
        watch: (
            "Press Send a burst: side A turns requests away into the red pile; side B takes them all.",
            "'한꺼번에 보내기'를 눌러 보세요. A쪽은 거부한 요청이 빨간 더미로 쌓이고, B쪽은 모두 받아들입니다.",
        ),
        demo: Demo::Preset("blocking-vs-nonblocking"),
        focus: &["flow", "metrics"],
    },
    Step {
        id: "sync-async",
        section: Section::Definitions,
        title: ("Synchronous and asynchronous", "동기와 비동기"),
        body: (
            "Synchronous: the caller waits until the request is done before it does anything else. \
             Asynchronous: it sends the request and goes on with the next work; the result arrives later. \
             Blocking is waiting; non-blocking is delegating and moving on.",
            "동기: 요청이 끝날 때까지 다음 작업을 하지 않고 기다립니다. 비동기: 요청을 보낸 뒤 결과를 기다리지 않고 \
             다음 작업을 실행하며, 결과는 나중에 도착합니다. 블로킹은 '기다림', 논블로킹은 '위임 후 다음 작업 실행'입니다.",
        ),
        watch: (
            "Side A: a red tether ties each thread to its request for the whole database wait, and the \
             timeline's orange bars say the same. Side B: requests wait at the database on their own, and the \
             loop picks up the next one at once.",
            "A쪽: 데이터베이스를 기다리는 내내 요청이 스레드를 점유하고 있음을 빨간 줄이 보여 줍니다. 타임라인의 주황색 막대도 같은 \
             뜻입니다. B쪽: 요청은 데이터베이스에서 혼자 기다리고, 이벤트 루프는 곧바로 다음 요청을 처리합니다.",
        ),
        demo: Demo::Preset("blocking-vs-nonblocking"),
        focus: &["flow", "timeline"],
    },
    Step {
        id: "async-code",
        section: Section::Definitions,
        title: ("Asynchronous code returns before the work is done", "일이 끝나기 전에 돌아오는 비동기 코드"),
        body: (
            "In code, an async function runs until its first await, then returns to its caller, which goes on. \
             The rest of the function waits in a queue and runs when the event loop gets to it.",
            "코드에서 async 함수는 첫 await까지 실행한 뒤 호출한 쪽으로 돌아가고, 호출한 쪽은 계속 진행합니다. \
             함수의 나머지는 큐에서 기다리다가 이벤트 루프가 차례를 주면 실행됩니다.",
        ),
        watch: (
            "Step forward: async1 stops at its await and 'script end' prints before 'async1 end'. \
             The microtask queue holds the rest of async1 meanwhile.",
            "한 단계씩 진행해 보세요. async1이 await에서 멈추고, 'async1 end'보다 'script end'가 먼저 출력됩니다. \
             그동안 마이크로태스크 큐가 async1의 나머지를 들고 있습니다.",
        ),
        demo: Demo::Code("async-await"),
        focus: &["lab"],
    },
    Step {
        id: "parallel-concurrent",
        section: Section::Definitions,
        title: ("Parallel and concurrent", "병렬과 동시성"),
        body: (
            "Parallel: several CPU cores run at the same instant (physical parallelism). Concurrent: one worker \
             takes turns among many tasks (logical parallelism). An event loop is concurrent, not parallel.",
            "병렬: 여러 CPU 코어에서 같은 순간에 실행합니다(물리적 병렬). 동시성: 하나의 CPU가 여러 작업을 번갈아 \
             처리합니다(논리적 병렬). 이벤트 루프는 동시성은 있지만 병렬은 아닙니다.",
        ),
        watch: (
            "The core rows of the timeline: threads compute on several cores at once; the single loop uses one \
             core at a time and interleaves every request on it.",
            "타임라인의 코어 레인을 보세요. 스레드들은 여러 코어에서 동시에 연산하지만, 이벤트 루프 하나는 한 번에 코어 \
             하나만 쓰며 모든 요청을 그 위에서 번갈아 처리합니다.",
        ),
        demo: Demo::Preset("cpu-bound"),
        focus: &["timeline"],
    },
    Step {
        id: "thread-pools",
        section: Section::Stacks,
        title: ("Spring Boot: a thread pool (@Async, TaskExecutor)", "Spring Boot: 스레드 풀 (@Async, TaskExecutor)"),
        body: (
            "Spring MVC gives each request a thread of Tomcat's pool; @Async hands work to a ThreadPoolExecutor \
             and returns a CompletableFuture. The executor fills its core threads, then its queue, and only then \
             grows towards its maximum.",
            "Spring MVC는 요청마다 Tomcat 풀의 스레드를 하나씩 줍니다. @Async는 작업을 ThreadPoolExecutor에 넘기고 \
             CompletableFuture를 돌려줍니다. Executor는 코어 스레드를 먼저 채우고, 다음으로 큐를 채우며, 그다음에야 \
             최대 스레드 수까지 늘어납니다.",
        ),
        watch: (
            "Left: with an unbounded queue the executor never starts a fifth thread. Right: its bounded queue \
             fills, then threads grow towards 50. The handler code under each side shows each request's line.",
            "왼쪽: 큐에 한도가 없어서 Executor는 다섯 번째 스레드를 끝내 만들지 않습니다. 오른쪽: 한도가 있는 큐가 \
             차면 스레드가 50개까지 늘어납니다. 각 쪽 아래 핸들러 코드는 요청이 지금 어느 행에 있는지 보여 줍니다.",
        ),
        demo: Demo::Preset("executor-trap"),
        focus: &["diagram", "code"],
    },
    Step {
        id: "event-loop",
        section: Section::Stacks,
        title: ("Express: one event loop (Promise, async/await)", "Express: 이벤트 루프 하나 (Promise, async/await)"),
        body: (
            "Node.js runs every request's JavaScript on one event loop; awaiting I/O frees it for others. That \
             is why a single synchronous call is so costly: while it runs, nothing else does. Worker threads are \
             how Express takes CPU work off the loop.",
            "Node.js는 모든 요청의 자바스크립트를 이벤트 루프 하나에서 실행합니다. I/O를 await하면 루프는 다른 요청을 \
             처리할 수 있습니다. 그래서 동기 호출 하나가 그토록 비쌉니다. 그 호출이 실행되는 동안 다른 것은 아무것도 \
             실행되지 않습니다. Express는 Worker Threads로 CPU 작업을 루프 밖으로 넘깁니다.",
        ),
        watch: (
            "The loop's row in the timeline turns solid red during the blocking call, and every other request \
             waits behind it.",
            "블로킹 호출 동안 타임라인의 루프 레인이 빨갛게 채워지고, 다른 요청은 모두 그 뒤에서 기다립니다.",
        ),
        demo: Demo::Preset("blocking-call-freezes-loop"),
        focus: &["timeline", "code"],
    },
    Step {
        id: "coroutines",
        section: Section::Stacks,
        title: ("FastAPI: coroutines (asyncio, gather)", "FastAPI: 코루틴 (asyncio, gather)"),
        body: (
            "FastAPI's async def handlers are coroutines on asyncio's event loop. asyncio.gather starts several \
             coroutines as tasks and waits for all of them; they wait on I/O together, so the total is the \
             slowest, not the sum.",
            "FastAPI의 async def 핸들러는 asyncio 이벤트 루프 위의 코루틴입니다. asyncio.gather는 여러 코루틴을 \
             태스크로 시작하고 모두를 기다립니다. 함께 I/O를 기다리므로 전체 시간은 합이 아니라 가장 느린 코루틴만큼 걸립니다.",
        ),
        watch: (
            "All three fetches start before any finishes; the results come back in argument order, not in the \
             order they finished.",
            "세 작업은 어느 하나가 끝나기 전에 모두 시작합니다. 결과는 끝난 순서가 아니라 인자 순서대로 돌아옵니다.",
        ),
        demo: Demo::Code("gather"),
        focus: &["lab"],
    },
    Step {
        id: "common-flow",
        section: Section::Flow,
        title: ("Request, 202 Accepted, queue, worker", "요청, 202 Accepted, 큐, 워커"),
        body: (
            "The common flow, as NestJS does it with BullMQ: the server answers at once with 202 Accepted, puts \
             a message on a queue, and a worker takes it and does the real work; the result is stored or sent \
             later. Adding workers scales it out.",
            "NestJS와 BullMQ로 구현한 공통 흐름입니다. 서버는 즉시 202 Accepted로 응답하고 큐에 작업 메시지를 \
             전송하며, 워커가 메시지를 수신해 실제 작업을 실행합니다. 결과는 나중에 저장하거나 후속 응답/알림으로 \
             전달합니다. 워커를 늘리면 수평 확장할 수 있습니다.",
        ),
        watch: (
            "In the flow, the answer flies back to the client as soon as the job is queued, and the job waits \
             in the Redis queue for a worker. Response times stay tiny because the client only waits for the \
             202; job latency is where the work shows up.",
            "흐름을 보면 작업이 큐에 들어가자마자 응답이 클라이언트로 돌아가고, 작업은 Redis 큐에서 워커를 기다립니다. \
             클라이언트는 202만 기다리므로 응답 시간은 아주 짧습니다. 실제 작업 시간은 작업 지연 시간에 나타납니다.",
        ),
        demo: Demo::Preset("queue-workers-202"),
        focus: &["flow", "metrics"],
    },
    Step {
        id: "throughput",
        section: Section::Tradeoffs,
        title: ("Benefit: throughput", "장점: 처리량 향상"),
        body: (
            "When requests mostly wait, not waiting is the whole game: a non-blocking server keeps serving \
             under a load that exhausts a blocking one.",
            "요청이 대부분 기다리는 일이라면, 기다리지 않는 것이 핵심입니다. 논블로킹 서버는 블로킹 서버의 스레드가 \
             바닥나는 부하에서도 계속 요청을 처리합니다.",
        ),
        watch: (
            "The queues: the blocking pool's column fills and stays full, and its queue keeps growing into the \
             thousands while the loop keeps up.",
            "큐를 보세요. 블로킹 풀의 큐는 가득 찬 채 수천 개로 계속 늘어나지만 루프는 밀리지 않습니다.",
        ),
        demo: Demo::Preset("overload"),
        focus: &["flow", "metrics"],
    },
    Step {
        id: "cpu-bound",
        section: Section::Tradeoffs,
        title: ("Caution: CPU-bound work gains little", "주의: CPU 바운드 작업에서의 한계"),
        body: (
            "Async saves waiting, not computing. When requests compute instead of waiting, an event loop is \
             one core doing everything; threads on all cores, or offloading, do better.",
            "비동기는 기다림을 줄일 뿐 연산을 줄이지 않습니다. 요청이 기다리지 않고 연산만 한다면 이벤트 루프는 코어 \
             하나가 모든 일을 하는 셈입니다. 모든 코어를 쓰는 스레드나, 연산을 워커로 넘기는 쪽이 낫습니다.",
        ),
        watch: (
            "Answered per second: the loop tops out at 50 while the threads answer all 120 that arrive each second.",
            "초당 응답 수를 보세요. 루프는 50에서 더 오르지 못하지만, 스레드는 매초 들어오는 120개 모두에 응답합니다.",
        ),
        demo: Demo::Preset("cpu-bound"),
        focus: &["metrics"],
    },
    Step {
        id: "retries",
        section: Section::Tradeoffs,
        title: ("Benefit: resilience with retries", "장점: 재시도로 높아지는 장애 대응력"),
        body: (
            "A queue lets a failed job try again later, with growing backoff, and parks jobs that keep failing \
             in a dead-letter queue instead of losing them.",
            "큐가 있으면 실패한 작업을 점점 길어지는 백오프 뒤에 다시 시도할 수 있고, 계속 실패하는 작업은 \
             유실하는 대신 데드 레터 큐에 모아 둡니다.",
        ),
        watch: (
            "Jobs backing off between attempts, and the dead-letter count.",
            "시도 사이에 백오프 중인 작업과 데드 레터 수를 보세요.",
        ),
        demo: Demo::Preset("retries-dlq"),
        focus: &["diagram", "metrics"],
    },
    Step {
        id: "lost-errors",
        section: Section::Tradeoffs,
        title: ("Caution: failures are hard to trace", "주의: 추적하기 어려운 실패"),
        body: (
            "Work that is started and never awaited can fail where nobody looks: @Async void, a promise nobody \
             awaits, a task nobody awaits. The client already has its success, and the error is gone.",
            "시작만 하고 await하지 않은 작업은 아무도 보지 않는 곳에서 실패할 수 있습니다. @Async void, 아무도 \
             await하지 않는 프로미스나 태스크가 그렇습니다. 클라이언트는 이미 성공 응답을 받았고 에러는 사라집니다.",
        ),
        watch: (
            "The fault counters: unobserved errors climb on the left while its failed count stays 0. Follow a \
             request to see its trace as a waterfall of spans.",
            "장애 카운터를 보세요. 왼쪽은 실패 수가 0인데도 관찰되지 않은 에러가 늘어납니다. 요청 하나를 따라가면 \
             그 추적을 스팬 워터폴로 볼 수 있습니다.",
        ),
        demo: Demo::Preset("lost-error"),
        focus: &["faults"],
    },
    Step {
        id: "unhandled-rejection",
        section: Section::Tradeoffs,
        title: ("Caution: one unhandled rejection, every request lost", "주의: 처리되지 않은 프로미스 거부 하나로 모든 요청 실패"),
        body: (
            "Since Node.js 15 an unhandled promise rejection ends the process. On a server that means every \
             request in flight fails at once, and new ones are refused until it restarts.",
            "Node.js 15부터는 처리되지 않은 프로미스 거부가 있으면 프로세스가 비정상 종료됩니다. 서버에서는 처리 중인 \
             모든 요청이 한꺼번에 실패하고, 재시작할 때까지 새 요청이 거부된다는 뜻입니다.",
        ),
        watch: (
            "The crash counter on the left, and the failed and rejected counts jumping with it.",
            "왼쪽의 크래시 카운터와, 그와 함께 늘어나는 실패·거부 수를 보세요.",
        ),
        demo: Demo::Preset("unhandled-rejection"),
        focus: &["faults", "metrics"],
    },
    Step {
        id: "transactions",
        section: Section::Tradeoffs,
        title: ("Caution: transactions need care (the outbox)", "주의: 트랜잭션 일관성 유지 (아웃박스)"),
        body: (
            "Committing to the database and then publishing to a queue are two writes. A crash between them \
             loses the job although the client was told 202 Accepted. The outbox pattern writes the job in the \
             same transaction and lets a relay publish it.",
            "데이터베이스 커밋과 큐 발행은 서로 다른 두 번의 쓰기입니다. 그 사이에 크래시가 나면 클라이언트는 202 Accepted를 \
             받았는데도 작업이 유실됩니다. 아웃박스 패턴은 작업을 같은 트랜잭션에 기록하고 릴레이가 발행하게 합니다.",
        ),
        watch: (
            "The lost counter: exactly three on the left, none on the right.",
            "유실 카운터를 보세요. 왼쪽은 정확히 세 개, 오른쪽은 0개입니다.",
        ),
        demo: Demo::Preset("dual-write-outbox"),
        focus: &["faults", "diagram"],
    },
    Step {
        id: "redelivery",
        section: Section::Tradeoffs,
        title: ("Caution: redelivery means duplicates (idempotency)", "주의: 재전달이 낳는 중복 (멱등성)"),
        body: (
            "A queue redelivers a job whose worker died, because it cannot know how far the worker got. If the \
             job is not idempotent, its side effect happens twice.",
            "큐는 워커에 크래시가 난 작업을 다시 전달합니다. 워커가 어디까지 했는지 알 수 없기 때문입니다. 작업이 멱등하지 \
             않으면 부수 효과가 두 번 일어납니다.",
        ),
        watch: (
            "The duplicated counter after each crash on the left; zero on the right.",
            "왼쪽에서 크래시가 날 때마다 늘어나는 중복 카운터를 보세요. 오른쪽은 0입니다.",
        ),
        demo: Demo::Preset("redelivery-idempotent"),
        focus: &["faults"],
    },
    Step {
        id: "event-order",
        section: Section::Tradeoffs,
        title: ("Caution: event order is hard to guarantee", "주의: 보장하기 어려운 이벤트 순서"),
        body: (
            "Several workers finish jobs in whatever order their durations allow, so two updates to the same \
             user can be applied in the wrong order. Partitioning by key (one consumer per key) restores the \
             order and costs throughput.",
            "여러 워커는 작업 시간에 따라 아무 순서로나 작업을 끝내므로, 같은 사용자에 대한 두 갱신이 거꾸로 적용될 수 \
             있습니다. 키별 파티션(키마다 소비자 하나)은 순서를 보장하지만 그 대가로 처리량이 줄어듭니다.",
        ),
        watch: (
            "The out-of-order counter on the left, zero on the right, and the right side's longer job latency.",
            "왼쪽의 순서 위반 카운터, 오른쪽의 0, 그리고 오른쪽의 더 긴 작업 지연 시간을 보세요.",
        ),
        demo: Demo::Preset("order-partitioned"),
        focus: &["faults", "metrics"],
    },
    Step {
        id: "order-in-code",
        section: Section::Tradeoffs,
        title: ("Even inside one process, order can be unpromised", "한 프로세스 안에서도 보장되지 않는 순서"),
        body: (
            "Even inside one process, some orders are not promised: in Node's main script, a zero timeout and \
             setImmediate may run either way round, depending on timing.",
            "한 프로세스 안에서도 보장되지 않는 순서가 있습니다. Node의 메인 스크립트에서 0 ms 타이머와 setImmediate는 \
             타이밍에 따라 어느 쪽이든 먼저 실행될 수 있습니다.",
        ),
        watch: (
            "The note under the controls says which two callbacks may swap and why.",
            "컨트롤 아래의 안내가 어떤 두 콜백이 뒤바뀔 수 있는지, 왜 그런지 알려 줍니다.",
        ),
        demo: Demo::Code("timeout-vs-immediate"),
        focus: &["lab"],
    },
    Step {
        id: "goal",
        section: Section::Summary,
        title: ("The goal: the most throughput from limited resources", "목표: 한정된 리소스로 최대 처리량"),
        body: (
            "Asynchronous programming is not just speed: it is resource efficiency, scalability and user \
             experience at once. Event loop, thread pool, coroutines or queue and workers: choose by where your \
             requests spend their time, and keep the cautions in mind.",
            "비동기 프로그래밍은 단순한 속도 향상이 아니라 리소스 효율, 서비스 확장성, 사용자 경험을 함께 얻는 \
             핵심 기술입니다. 이벤트 루프, 스레드 풀, 코루틴, 큐와 워커 중 무엇을 쓸지는 요청이 어디에 시간을 쓰는지로 \
             정하고, 주의점을 기억하세요.",
        ),
        watch: (
            "Switch any side to another model, or open the code lab and try your own program.",
            "아무 쪽이나 다른 모델로 바꿔 보거나, 코드 실험실에서 직접 프로그램을 실행해 보세요.",
        ),
        demo: Demo::Preset("blocking-vs-nonblocking"),
        focus: &["flow", "timeline", "metrics"],
    },
];

/// The steps' ids, in order: all the app itself needs for links.
pub const IDS: &[&str] = &[
    "why",
    "sync-async",
    "async-code",
    "parallel-concurrent",
    "thread-pools",
    "event-loop",
    "coroutines",
    "common-flow",
    "throughput",
    "cpu-bound",
    "retries",
    "lost-errors",
    "unhandled-rejection",
    "transactions",
    "redelivery",
    "event-order",
    "order-in-code",
    "goal",
];

/// The step with this id.
pub fn find(id: &str) -> Option<usize> {
    IDS.iter().position(|s| *s == id)
}

/// One step as the app reads it from `tour.json`.
#[derive(Clone, Debug, PartialEq)]
pub struct StepText {
    pub id: String,
    /// (English, Korean) for each text.
    pub section: (String, String),
    pub title: (String, String),
    pub body: (String, String),
    pub watch: (String, String),
    pub demo: DemoRef,
    pub focus: Vec<String>,
}

/// A demonstration named in `tour.json`.
#[derive(Clone, Debug, PartialEq)]
pub enum DemoRef {
    Preset(String),
    Code(String),
}

impl StepText {
    pub fn text(lang: Lang, t: &(String, String)) -> &str {
        match lang {
            Lang::En => &t.0,
            Lang::Ko => &t.1,
        }
    }
}

/// The JSON of `static/tour.json`.
pub fn to_json() -> serde_json::Value {
    let pair = |p: (&str, &str)| serde_json::json!([p.0, p.1]);
    serde_json::Value::Array(
        STEPS
            .iter()
            .map(|s| {
                let (kind, id) = match s.demo {
                    Demo::Preset(p) => ("preset", p),
                    Demo::Code(c) => ("code", c),
                };
                serde_json::json!({
                    "id": s.id,
                    "section": pair((s.section.title(Lang::En), s.section.title(Lang::Ko))),
                    "title": pair(s.title), "body": pair(s.body), "watch": pair(s.watch),
                    "demo": {"kind": kind, "id": id},
                    "focus": s.focus,
                })
            })
            .collect(),
    )
}

/// Reads `tour.json` (by hand: typed deserialisation would cost the first load more).
pub fn parse(text: &str) -> Option<Vec<StepText>> {
    let v: serde_json::Value = serde_json::from_str(text).ok()?;
    let pair = |v: &serde_json::Value| Some((v[0].as_str()?.to_string(), v[1].as_str()?.to_string()));
    v.as_array()?
        .iter()
        .map(|s| {
            let id = s["demo"]["id"].as_str()?.to_string();
            Some(StepText {
                id: s["id"].as_str()?.to_string(),
                section: pair(&s["section"])?,
                title: pair(&s["title"])?,
                body: pair(&s["body"])?,
                watch: pair(&s["watch"])?,
                demo: match s["demo"]["kind"].as_str()? {
                    "preset" => DemoRef::Preset(id),
                    "code" => DemoRef::Code(id),
                    _ => return None,
                },
                focus: s["focus"].as_array()?.iter().filter_map(|f| f.as_str().map(str::to_string)).collect(),
            })
        })
        .collect()
}

/// Reads `#learn` or `#learn=<id>`: the step index, or `None` if it is not a tour hash.
pub fn from_hash(hash: &str) -> Option<usize> {
    let h = hash.trim_start_matches('#').strip_prefix("learn")?;
    match h.strip_prefix('=') {
        Some(id) => Some(find(id).unwrap_or(0)),
        None => h.is_empty().then_some(0),
    }
}

pub fn hash(step: usize) -> String {
    format!("#learn={}", IDS[step.min(IDS.len() - 1)])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_step_has_both_languages_and_a_real_demo() {
        for s in STEPS {
            for l in [Lang::En, Lang::Ko] {
                assert!(
                    !s.title_in(l).is_empty() && !s.body_in(l).is_empty() && !s.watch_in(l).is_empty(),
                    "{}",
                    s.id
                );
            }
            assert_ne!(s.title.0, s.title.1, "{}", s.id);
            match s.demo {
                Demo::Preset(p) => assert!(crate::presets::find(p).is_some(), "{}: no preset {p}", s.id),
                Demo::Code(c) => assert!(crate::lab::find(c).is_some(), "{}: no example {c}", s.id),
            }
            for f in s.focus {
                let panels: &[&str] = match s.demo {
                    Demo::Preset(_) => &["flow", "diagram", "code", "timeline", "metrics", "faults"],
                    Demo::Code(_) => &["lab"],
                };
                assert!(panels.contains(f), "{}: {f}", s.id);
            }
        }
        let ids: std::collections::BTreeSet<_> = STEPS.iter().map(|s| s.id).collect();
        assert_eq!(ids.len(), STEPS.len(), "ids are unique");
    }

    #[test]
    fn the_tour_follows_the_overview_in_order() {
        let order = |s: Section| {
            [Section::Definitions, Section::Stacks, Section::Flow, Section::Tradeoffs]
                .iter()
                .position(|x| *x == s)
        };
        let inner: Vec<usize> = STEPS.iter().filter_map(|s| order(s.section)).collect();
        assert!(inner.windows(2).all(|w| w[0] <= w[1]), "sections in the seed's order");
        assert_eq!(STEPS.first().unwrap().section, Section::Summary);
        assert_eq!(STEPS.last().unwrap().section, Section::Summary);
        // About ten minutes: at most 20 steps of a paragraph each.
        assert!((10..=20).contains(&STEPS.len()), "{} steps", STEPS.len());
    }

    #[test]
    fn ids_and_the_json_file_match_the_steps() {
        let ids: Vec<&str> = STEPS.iter().map(|s| s.id).collect();
        assert_eq!(ids, IDS);
        let json = serde_json::to_string_pretty(&to_json()).unwrap() + "\n";
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/static/tour.json");
        if std::env::var_os("UPDATE_TOUR").is_some() {
            std::fs::write(path, &json).unwrap();
        }
        let on_disk = std::fs::read_to_string(path).unwrap_or_default();
        assert!(
            on_disk == json,
            "static/tour.json is stale: run UPDATE_TOUR=1 cargo test -p asyncviz --lib tour"
        );
        let back = parse(&on_disk).unwrap();
        assert_eq!(back.len(), STEPS.len());
        assert_eq!(back[2].demo, DemoRef::Code("async-await".into()));
        assert_eq!(StepText::text(Lang::Ko, &back[0].title), STEPS[0].title.1);
        assert!(parse("[{}]").is_none() && parse("nope").is_none());
    }

    #[test]
    fn hashes() {
        assert_eq!(from_hash("#learn"), Some(0));
        assert_eq!(from_hash("#learn=event-loop"), find("event-loop"));
        assert_eq!(from_hash("#learn=nope"), Some(0));
        assert_eq!(from_hash("#learning"), None);
        assert_eq!(from_hash("#code"), None);
        assert_eq!(hash(1), "#learn=sync-async");
        assert_eq!(from_hash(&hash(5)), Some(5));
    }
}
