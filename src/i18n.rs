//! English and Korean. English text is the key; `KO` holds its Korean.
//! Templates use `{0}`, `{1}`… so the Korean may order them differently.

/// The languages the app speaks.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Lang {
    En,
    Ko,
}

impl Lang {
    /// A language tag such as `ko`, `ko-KR` or `en-US`; other languages give `None`.
    pub fn from_code(code: &str) -> Option<Lang> {
        let c = code.trim().to_ascii_lowercase();
        if c.starts_with("ko") {
            Some(Lang::Ko)
        } else if c.starts_with("en") {
            Some(Lang::En)
        } else {
            None
        }
    }

    /// The tag for `<html lang>` and `?lang=`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ko => "ko",
        }
    }
}

/// `en` in `lang`.
pub fn tr(lang: Lang, en: &'static str) -> &'static str {
    match lang {
        Lang::En => en,
        Lang::Ko => KO.iter().find(|(k, _)| *k == en).map_or(en, |(_, v)| v),
    }
}

/// A template in `lang` with `{0}`, `{1}`… replaced by `args`.
pub fn trf(lang: Lang, en_template: &'static str, args: &[&dyn std::fmt::Display]) -> String {
    let t = tr(lang, en_template);
    let mut out = String::with_capacity(t.len() + 16);
    let mut rest = t;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let close = after.find('}');
        match close.and_then(|c| after[..c].parse::<usize>().ok().map(|n| (c, n))) {
            Some((c, n)) => {
                if let Some(a) = args.get(n) {
                    use std::fmt::Write;
                    let _ = write!(out, "{a}");
                }
                rest = &after[c + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// A lane's display name: thread names such as `http-nio-exec-3` stay as they are.
pub fn lane(lang: Lang, l: &asyncviz_engine::LaneView) -> String {
    use asyncviz_engine::LaneKind;
    match (lang, l.kind) {
        (Lang::En, _) => l.name(),
        (_, LaneKind::Loop) => tr(lang, "event loop").to_string(),
        (_, LaneKind::OffloadWorker) => trf(lang, "worker thread {0}", &[&l.number]),
        (_, LaneKind::FrontEnd) => tr(lang, "front end (event loop)").to_string(),
        (_, LaneKind::JobWorker) => trf(lang, "job worker {0}", &[&l.number]),
        _ => l.name(),
    }
}

/// Korean for every English text the app shows.
pub const KO: &[(&str, &str)] = &[
    ("idle", "유휴"),
    ("waiting for a core", "코어를 기다리는 중"),
    ("running on a core", "코어에서 실행 중"),
    ("waiting on I/O, holding the thread", "스레드를 점유한 채 I/O 대기 중"),
    ("blocked in a synchronous call", "동기 호출에서 블로킹됨"),
    ("ended", "종료됨"),
    ("event loop", "이벤트 루프"),
    ("front end (event loop)", "프런트엔드 (이벤트 루프)"),
    ("worker thread {0}", "워커 스레드 {0}"),
    ("job worker {0}", "작업 워커 {0}"),
    ("thread {0}", "스레드 {0}"),
    ("request #{0} arrives", "요청 #{0} 도착"),
    ("#{0} is rejected: every thread is busy and the queue is full", "#{0} 거부됨: 모든 스레드가 바쁘고 큐가 가득 참"),
    ("#{0} is dropped from the head of the queue to make room", "자리를 만들기 위해 큐 맨 앞의 #{0} 버려짐"),
    ("#{0} waits in the queue ({1} waiting)", "#{0} 큐에서 대기 ({1}개 대기 중)"),
    ("{0} picks up #{1}", "{0}에서 #{1} 처리 시작"),
    ("#{0} computes for {1} on {2}", "#{0}: {2}에서 {1} 동안 연산"),
    ("#{0} finishes computing", "#{0} 연산 완료"),
    ("core {0} moves from {1} to {2} (time slice over)", "코어 {0}: {1}에서 {2}(으)로 전환 (타임 슬라이스 종료)"),
    ("{0} keeps core {1} for another time slice (nobody is waiting for a core)", "{0}에서 코어 {1}을(를) 타임 슬라이스 하나 더 사용 (코어를 기다리는 스레드 없음)"),
    ("#{0} awaits its I/O ({1}) and {2} moves on", "#{0}의 I/O({1})를 기다리는 동안 {2}에서 다음 작업으로 넘어감"),
    ("{0} waits {1} for #{2}'s I/O, holding the thread", "{0}에서 스레드를 점유한 채 #{2}의 I/O를 {1} 동안 기다림"),
    ("#{0} makes a blocking call: {1} is stuck for {2}", "#{0} 블로킹 호출: {1}이(가) {2} 동안 묶임"),
    ("#{0}'s I/O is done on {1}", "{1}에서 #{0}의 I/O 완료"),
    ("#{0}'s I/O completes and its continuation is queued", "#{0}의 I/O가 끝나 후속 작업(continuation)이 큐에 들어감"),
    ("the loop hands #{0}'s computation to a worker thread", "이벤트 루프가 #{0}의 연산을 워커 스레드에 넘김"),
    ("#{0} gets 202 Accepted after {1}", "#{0}: {1} 만에 202 Accepted 응답"),
    ("#{0} gets {1} OK after {2}", "#{0}: {2} 만에 {1} OK 응답"),
    ("job #{0} joins the job queue ({1} waiting)", "작업 #{0} 작업 큐에 추가 ({1}개 대기 중)"),
    ("job worker {0} takes job #{1}", "작업 워커 {0}에서 작업 #{1} 시작"),
    ("job worker {0} takes job #{1} (attempt {2})", "작업 워커 {0}에서 작업 #{1} 시작 ({2}번째 시도)"),
    ("job #{0} fails attempt {1}; retry in {2}", "작업 #{0} {1}번째 시도 실패; {2} 후 재시도"),
    ("job #{0} fails attempt {1} and goes to the dead-letter queue", "작업 #{0} {1}번째 시도 실패, 데드 레터 큐로 이동"),
    ("job #{0}'s backoff is over", "작업 #{0}의 백오프 종료"),
    ("#{0} is refused: the server is down, restarting", "#{0} 거부: 서버가 재시작 중"),
    ("#{0}'s I/O fails and the client gets 500", "#{0}의 I/O 실패, 클라이언트는 500 응답"),
    ("#{0} dies with the process and the client gets 500", "#{0}: 프로세스와 함께 종료, 클라이언트는 500 응답"),
    ("#{0}'s fire-and-forget I/O fails and nobody sees the error", "#{0}의 fire-and-forget I/O 실패, 아무도 오류를 보지 못함"),
    ("unhandled rejection: the server process crashes", "처리되지 않은 rejection: 서버 프로세스 종료"),
    ("the front end crashes right after committing #{0}", "#{0} 커밋 직후 프런트 엔드 종료"),
    ("job worker {0} crashes in the middle of its jobs", "작업 워커 {0}이(가) 작업 도중 종료"),
    ("the server is back up", "서버 재시작 완료"),
    ("job #{0} is lost: it was never enqueued", "작업 #{0} 유실: 큐에 들어가지 못함"),
    ("job #{0} is written to the outbox; the relay publishes it in {1}", "작업 #{0}을(를) 아웃박스에 기록; {1} 후 릴레이가 발행"),
    ("job #{0} is visible again and redelivered", "작업 #{0}이(가) 다시 보이고 재전달됨"),
    ("job #{0} is applied a second time", "작업 #{0}이(가) 두 번 적용됨"),
    ("#{0} (key {1}, update {2}) is applied after update {3}: out of order", "#{0} (키 {1}, 갱신 {2})이(가) 갱신 {3} 뒤에 적용됨: 순서 위반"),
    ("job #{0} is done, {1} after the request arrived", "작업 #{0} 완료 (요청 도착 후 {1})"),
    ("a new thread {0} starts", "새 스레드 {0} 시작"),
    ("{0} was idle too long and ends", "{0}: 유휴 시간이 길어 종료"),
    ("{0}: {1}.", "{0}: {1}."),
    ("The scenario in this link could not be read, so the default is shown.", "이 링크의 시나리오를 읽을 수 없어 기본 시나리오를 보여 줍니다."),
    ("asyncviz — blocking vs non-blocking, side by side", "asyncviz — 블로킹 vs 논블로킹, 나란히 비교"),
    ("Open in asyncviz ↗", "asyncviz에서 열기 ↗"),
    ("Blocking and non-blocking servers, side by side on one simulated clock.", "블로킹 서버와 논블로킹 서버를 하나의 시뮬레이션 시계 위에서 나란히 비교합니다."),
    ("Views", "화면"),
    ("Simulator", "시뮬레이터"),
    ("Your browser's event loop", "내 브라우저의 이벤트 루프"),
    ("Language", "언어 (Language)"),
    ("Scenario", "시나리오"),
    ("Your own scenario", "직접 만든 시나리오"),
    ("Add a third model", "세 번째 모델 추가"),
    ("Blocking, in one go", "블로킹, 한 번에"),
    ("Cooperative, 8 ms slices", "협력형, 8 ms 단위로 나눠서"),
    ("In a Web Worker", "Web Worker에서"),
    ("I/O: busy-wait 1 s", "I/O: 1초 바쁜 대기(busy-wait)"),
    ("I/O: await a 1 s timer", "I/O: 1초 타이머 await"),
    ("This browser could not start a module Web Worker.", "이 브라우저에서는 모듈 Web Worker를 시작할 수 없습니다."),
    ("no worker", "워커 없음"),
    ("timer fired", "타이머 완료"),
    ("This page runs on an event loop too. Run the same CPU job three ways and watch the ball, the frame times and the text field: in one go the page freezes; in slices that yield between them it stays responsive; in a worker the page does not notice. Nothing here is simulated.", "이 페이지도 이벤트 루프 위에서 돌아갑니다. 같은 CPU 작업을 세 가지 방식으로 실행하면서 공, 프레임 시간, 텍스트 입력란을 지켜보세요. 한 번에 실행하면 페이지가 멈추고, 중간중간 양보하는 조각으로 나누면 반응성이 유지되며, 워커에서 실행하면 페이지는 눈치채지도 못합니다. 여기서는 아무것도 시뮬레이션이 아닙니다."),
    ("An animation that moves every frame", "매 프레임 움직이는 애니메이션"),
    ("Time between frames, last 120 frames (top = 200 ms or more; a smooth page stays near the bottom)", "프레임 간 시간, 최근 120프레임 (맨 위 = 200 ms 이상, 부드러운 페이지는 바닥 근처에 머뭅니다)"),
    ("Frame-time strip chart", "프레임 시간 차트"),
    ("Type here while a job runs", "작업이 실행되는 동안 여기에 입력해 보세요"),
    ("Measuring how fast this machine runs the job…", "이 기기에서 작업이 얼마나 빨리 실행되는지 측정하는 중…"),
    ("Runs", "실행"),
    ("Run blocking", "블로킹으로 실행"),
    ("Run cooperatively", "협력형으로 실행"),
    ("Run in a worker", "워커에서 실행"),
    ("Busy-wait 1 s", "1초 바쁜 대기"),
    ("Await a 1 s timer", "1초 타이머 await"),
    ("Measured runs", "측정 결과"),
    ("Way", "방식"),
    ("Total time", "전체 시간"),
    ("Longest frame gap", "가장 긴 프레임 간격"),
    ("Frames dropped", "놓친 프레임"),
    ("Worst input delay", "최악의 입력 지연"),
    ("Result", "결과"),
    ("no typing during the run", "실행 중 입력 없음"),
    (" ✓ same checksum", " ✓ 체크섬 일치"),
    ("No runs yet.", "아직 실행한 적이 없습니다."),
    ("A blocking run is what ", "블로킹 실행은 시뮬레이터에서 "),
    (" does to the event-loop lane in the simulator: the loop can do nothing else until the call returns. ", "이(가) 이벤트 루프 레인에 하는 일과 같습니다. 호출이 끝날 때까지 루프는 다른 일을 전혀 할 수 없습니다. "),
    ("See it in the simulation: one blocking call freezes the event loop.", "시뮬레이션에서 보기: 블로킹 호출 하나가 이벤트 루프를 멈춘다."),
    ("{0} spins", "{0}회 반복"),
    ("The job: {0} rounds of integer mixing, sized to about {1} s here; its checksum is the result.", "작업: 정수 섞기 {0}회, 이 기기에서 약 {1}초 걸리도록 맞췄습니다. 결과는 체크섬입니다."),
    ("Running: {0}…", "실행 중: {0}…"),
    ("Pause", "일시정지"),
    ("❚❚ Pause", "❚❚ 일시정지"),
    ("Play", "재생"),
    ("▶ Play", "▶ 재생"),
    ("Playback", "재생 제어"),
    ("Step back", "한 단계 뒤로"),
    ("Step back (←)", "한 단계 뒤로 (←)"),
    ("‹ Back", "‹ 뒤로"),
    ("Step forward", "한 단계 앞으로"),
    ("Step forward (→)", "한 단계 앞으로 (→)"),
    ("Step ›", "앞으로 ›"),
    ("Reset", "초기화"),
    ("Reset (Home)", "초기화 (Home)"),
    ("↺ Reset", "↺ 초기화"),
    ("Speed", "속도"),
    ("Seek", "시간 이동"),
    ("Simulation time", "시뮬레이션 시간"),
    ("loop", "루프"),
    ("Accept queue", "접수 큐"),
    ("Task queue", "태스크 큐"),
    ("Ready virtual threads", "실행 대기 중인 가상 스레드"),
    ("Incoming requests", "들어온 요청"),
    ("Ready queue", "실행 대기 큐"),
    ("Offloaded CPU work", "넘겨받은 CPU 작업"),
    ("Job queue (Redis)", "작업 큐 (Redis)"),
    ("Worker queue", "워커 큐"),
    ("The event loop (one thread)", "이벤트 루프 (스레드 하나)"),
    ("API front end: answers 202 Accepted at once", "API 프런트엔드: 즉시 202 Accepted로 응답"),
    ("Client", "클라이언트"),
    ("answers 202", "202 응답"),
    ("Queue", "큐"),
    ("Workers", "워커"),
    ("Result store", "결과 저장소"),
    ("Cores", "코어"),
    ("Threads: {0} of {1} busy, {2} of them waiting on I/O without using a core", "스레드: {1}개 중 {0}개 사용 중, 그중 {2}개는 코어를 쓰지 않고 I/O 대기"),
    ("In flight now / mean", "처리 중 (현재 / 평균)"),
    ("The run has ended at {0}: nothing is left in flight.", "실행이 {0}에 끝났습니다. 처리 중인 요청이 남아 있지 않습니다."),
    ("Replay", "다시 재생"),
    ("Finding where the run ends: known up to {0} so far.", "실행이 끝나는 시점을 계산하고 있습니다. 지금까지 {0}까지 알려졌습니다."),
    ("Seeking to {0}…", "{0} 지점으로 이동하는 중…"),
    ("an anonymous function", "이름 없는 함수"),
    ("the front end crashes right after a commit", "커밋 직후 프런트엔드 크래시"),
    ("Answered per second, whole run", "초당 응답 수 (전체 평균)"),
    ("Throughput /s, last 1 s", "처리량 /초 (최근 1초)"),
    ("Worker threads: {0} of {1} busy", "워커 스레드: {1}개 중 {0}개 사용 중"),
    ("Carrier threads: {0} of {1} busy", "캐리어 스레드: {1}개 중 {0}개 사용 중"),
    ("Job workers: {0} of {1} computing or blocked", "작업 워커: {1}개 중 {0}개 연산 중 또는 블로킹됨"),
    (" and {0} more", " 외 {0}개"),
    ("requests {0}{1}", "요청 {0}{1}"),
    ("+{0} more", "+{0}개 더"),
    ("{0} waiting", "{0}개 대기 중"),
    ("{0} jobs", "작업 {0}개"),
    ("{0} done", "{0}개 완료"),
    ("result ready ×{0}, dead-lettered ×{1}", "결과 준비 ×{0}, 데드 레터 ×{1}"),
    ("{0}: request #{1}, {2}", "{0}: 요청 #{1}, {2}"),
    ("{0}: idle", "{0}: 유휴"),
    ("Awaiting I/O, holding no thread: {0}", "스레드 없이 I/O 대기 중: {0}"),
    ("Backing off before a retry: {0}", "재시도 전 백오프 중: {0}"),
    ("core {0} runs {1}", "코어 {0}: {1} 실행 중"),
    ("core {0} is free", "코어 {0}: 비어 있음"),
    ("{0} threads wait for a core", "스레드 {0}개가 코어를 기다리는 중"),
    ("202 sent {0} · jobs done {1} · dead-lettered {2} · retries {3} · jobs in flight {4}", "202 응답 {0} · 완료된 작업 {1} · 데드 레터 {2} · 재시도 {3} · 처리 중인 작업 {4}"),
    ("answered {0} · rejected {1} · in flight {2}", "응답 {0} · 거부됨 {1} · 처리 중 {2}"),
    ("Runtime diagram: {0}", "런타임 다이어그램: {0}"),
    ("Poisson", "포아송"),
    ("Requests per second", "초당 요청 수"),
    ("Constant", "일정 간격"),
    ("Every (ms)", "간격 (ms)"),
    ("Burst", "버스트"),
    ("Requests at once", "한 번에 보낼 요청 수"),
    ("Awaitable I/O", "await 가능한 I/O"),
    ("Blocking call", "블로킹 호출"),
    ("fixed", "고정"),
    ("exponential, mean", "지수 분포, 평균"),
    ("uniform", "균등 분포"),
    ("from ms", "최소 ms"),
    ("to ms", "최대 ms"),
    ("Workload editor", "워크로드 편집기"),
    ("Workload (shared by every side)", "워크로드 (모든 쪽 공통)"),
    ("Arrivals", "요청 도착"),
    ("At (ms)", "시점 (ms)"),
    ("Duration (ms)", "시뮬레이션 길이 (ms)"),
    ("Seed", "시드"),
    ("Each request does", "각 요청이 하는 일"),
    ("Add a step", "단계 추가"),
    ("Step {0} kind", "{0}단계 종류"),
    ("Step {0} duration", "{0}단계 시간"),
    ("Remove step {0}", "{0}단계 삭제"),
    ("Timeline", "타임라인"),
    ("Timeline window", "타임라인 구간"),
    ("on a core", "코어에서 실행"),
    ("I/O, thread held", "I/O, 스레드 점유"),
    ("blocked", "블로킹됨"),
    ("Timeline lanes", "타임라인 레인"),
    ("core {0}", "코어 {0}"),
    ("{0}: free", "{0}: 비어 있음"),
    ("request #{0}", "요청 #{0}"),
    ("{0}: {1} runs {2}", "{0}: {1}에서 {2} 실행 중"),
    ("+{0} more threads", "+스레드 {0}개 더"),
    ("Event log", "이벤트 로그"),
    ("What is happening", "지금 일어나는 일"),
    ("Narrated events, newest first", "이벤트 설명, 최신순"),
    ("Press Play, or Step forward to go one event at a time.", "재생을 누르거나, 한 단계 앞으로를 눌러 이벤트를 하나씩 보세요."),
    ("{0} events went by too fast to narrate; slow down or step to read them.", "이벤트 {0}개가 너무 빨리 지나가 설명하지 못했습니다. 속도를 줄이거나 한 단계씩 진행해 읽어 보세요."),
    ("Answered", "응답 완료"),
    ("Rejected", "거부됨"),
    ("In flight", "처리 중"),
    ("Latency p50 / p95 / p99", "지연 시간 p50 / p95 / p99"),
    ("Job done after p50 / p95", "작업 완료까지 p50 / p95"),
    ("Cores / threads busy", "코어 / 스레드 사용률"),
    ("Throughput /s", "처리량 /초"),
    ("p95 latency ms", "p95 지연 시간 ms"),
    ("Queue length", "큐 길이"),
    ("Cores busy", "코어 사용률"),
    ("Threads busy", "스레드 사용률"),
    ("Rejected (total)", "거부됨 (누적)"),
    ("{0} over time", "시간에 따른 {0}"),
    ("Share…", "공유…"),
    ("asyncviz simulation", "asyncviz 시뮬레이션"),
    ("Downloaded the trace (first 500,000 events per side).", "트레이스를 내려받았습니다 (쪽마다 처음 500,000개 이벤트)."),
    ("Downloaded the trace.", "트레이스를 내려받았습니다."),
    ("Downloaded the timeline.", "타임라인을 내려받았습니다."),
    ("Share", "공유"),
    ("Link to exactly this view (scenario, time, speed)", "지금 이 화면 그대로의 링크 (시나리오, 시간, 속도)"),
    ("Link", "링크"),
    ("Copied the link.", "링크를 복사했습니다."),
    ("Copy link", "링크 복사"),
    ("Embed code for a docs page (starts paused; add &autoplay to the src to play)", "문서 페이지용 임베드 코드 (일시정지 상태로 시작, 자동 재생하려면 src에 &autoplay 추가)"),
    ("Embed code", "임베드 코드"),
    ("Copied the embed code.", "임베드 코드를 복사했습니다."),
    ("Copy embed code", "임베드 코드 복사"),
    ("Download event trace (JSON Lines)", "이벤트 트레이스 내려받기 (JSON Lines)"),
    ("Download timeline (SVG)", "타임라인 내려받기 (SVG)"),
    ("Close", "닫기"),
    ("Thread per request", "요청당 스레드"),
    ("Event loop", "이벤트 루프"),
    ("Queue + workers", "큐 + 워커"),
    ("Virtual threads", "가상 스레드"),
    ("thread pool", "스레드 풀"),
    ("executor", "Executor"),
    ("job queue", "작업 큐"),
    ("virtual threads", "가상 스레드"),
    ("unbounded", "무제한"),
    ("Threads", "스레드 수"),
    ("Worker threads", "워커 스레드 수"),
    ("Offload CPU to workers", "CPU 작업을 워커로 넘기기"),
    ("Core", "core"),
    ("Max", "max"),
    ("= core", "= core"),
    ("Keep-alive ms", "keep-alive ms"),
    ("Rejection", "거부 정책"),
    ("Concurrency", "동시성"),
    ("Attempts", "시도 횟수"),
    ("Backoff ms", "백오프 ms"),
    ("Failure rate", "실패율"),
    ("Carriers", "캐리어 스레드 수"),
    ("= cores", "= 코어 수"),
    ("Side {0}: {1}", "{0}쪽: {1}"),
    ("Model for side {0}", "{0}쪽 모델"),
    ("Remove side {0}", "{0}쪽 삭제"),
    // Faults: counters, the request trace, the side summary
    ("Unobserved errors", "관찰되지 않은 에러"),
    ("failures nobody awaited: the client got a success", "아무도 await하지 않은 실패: 클라이언트는 성공 응답을 받았습니다"),
    ("Lost jobs", "유실된 작업"),
    ("committed, answered 202, never enqueued", "커밋하고 202로 응답했지만 큐에는 끝내 들어가지 않았습니다"),
    ("Duplicated", "중복"),
    ("a redelivered job applied a second time", "재전달된 작업이 한 번 더 적용되었습니다"),
    ("Out of order", "순서 위반"),
    ("an update applied after a later one of the same key", "같은 키의 나중 갱신보다 늦게 적용된 갱신"),
    ("Crashes", "장애(프로세스 종료)"),
    ("a server, front end or worker process died", "서버, 프런트엔드 또는 워커 프로세스가 죽었습니다"),
    ("Failed (500)", "실패 (500)"),
    ("errors that reached the client", "클라이언트까지 전달된 에러"),
    ("Fault counters", "장애 카운터"),
    ("What went wrong", "무엇이 잘못됐나"),
    ("queued: {0}", "대기: {0}"),
    ("running on {0}", "{0}에서 실행"),
    ("I/O, holding {0}", "I/O, {0}을(를) 붙든 채"),
    ("blocked on {0}", "{0}에서 블로킹"),
    ("awaiting I/O, no thread held", "I/O를 await하는 중, 스레드를 붙들지 않음"),
    ("backoff after attempt {0}", "{0}번째 시도 후 대기(backoff)"),
    ("invisible until the visibility timeout", "가시성 타임아웃까지 보이지 않음"),
    ("in the outbox, waiting for the relay", "아웃박스에서 릴레이를 기다리는 중"),
    ("responded {0}", "{0} 응답"),
    ("failed: 500 (a step failed)", "실패: 500 (단계 하나가 실패)"),
    ("failed: 500 (the process died)", "실패: 500 (프로세스가 죽음)"),
    ("refused: the server is restarting", "거부: 서버가 재시작하는 중"),
    ("rejected", "거부됨"),
    ("attempt {0} failed", "{0}번째 시도 실패"),
    ("dead-lettered", "데드 레터 큐로 이동"),
    ("the worker crashed", "워커가 죽음"),
    ("job lost: never enqueued", "작업 유실: 큐에 들어가지 못함"),
    ("job applied", "작업 적용됨"),
    ("Trace of request #{0}: {1} ms so far", "요청 #{0}의 추적: 지금까지 {1} ms"),
    ("Trace of request #{0}: {1} ms", "요청 #{0}의 추적: {1} ms"),
    ("at {0} ms", "{0} ms에"),
    ("{0}–{1} ms", "{0}–{1} ms"),
    ("{0}% of I/O steps fail", "I/O 단계의 {0}%가 실패"),
    ("errors awaited", "에러를 await함"),
    ("errors fire-and-forget", "에러를 fire-and-forget"),
    ("unhandled rejections crash the process", "처리되지 않은 거부가 프로세스를 죽임"),
    ("{0} front-end crashes after a commit", "커밋 직후 프런트엔드 장애 {0}번"),
    ("{0} worker crashes", "워커 장애 {0}번"),
    ("updates to {0} keys", "키 {0}개에 대한 갱신"),
    ("outbox", "아웃박스"),
    ("idempotent jobs", "멱등한 작업"),
    ("partitioned by key", "키별 파티션"),
    ("in the outbox", "아웃박스에 있음"),
    ("its worker crashed", "워커가 죽음"),
    ("Job #{0} is committed in the outbox table; the relay will publish it (line {1})", "작업 #{0}은(는) 아웃박스 테이블에 커밋되었고, 릴레이가 발행할 것입니다 ({1}번째 줄)"),
    ("Job #{0}'s worker crashed; the queue redelivers it when the visibility timeout ends (line {1})", "작업 #{0}의 워커가 죽었습니다. 가시성 타임아웃이 끝나면 큐가 다시 전달합니다 ({1}번째 줄)"),
    // The guided tour
    ("Learn", "배우기"),
    ("Loading the tour…", "둘러보기를 불러오는 중…"),
    ("The tour could not be loaded: {0}", "둘러보기를 불러오지 못했습니다: {0}"),
    ("What to watch:", "눈여겨볼 것:"),
    ("Tour", "둘러보기"),
    ("‹ Previous", "‹ 이전"),
    ("Next ›", "다음 ›"),
    ("Open the simulator", "시뮬레이터 열기"),
    ("Link to this step", "이 단계로 가는 링크"),
    ("All steps", "모든 단계"),
    ("Step {0} of {1}", "{1}단계 중 {0}단계"),
    // The code lab
    ("Code lab", "코드 실험실"),
    ("Loading the program model…", "프로그램 모델을 불러오는 중…"),
    ("Program", "프로그램"),
    ("Program language", "프로그램 언어"),
    ("Example", "예제"),
    ("Example program", "예제 프로그램"),
    ("Your own program", "직접 작성한 프로그램"),
    ("Showing the last program that ran.", "마지막으로 실행된 프로그램을 보여 줍니다."),
    ("What the lab can run", "실험실이 실행할 수 있는 것"),
    ("A subset of each language, modelled on the real runtime and checked against it in CI. Anything else is reported with its line and column.", "각 언어의 일부분으로, 실제 런타임을 본떠 만들고 CI에서 실제 런타임과 비교해 검증합니다. 그 밖의 코드는 줄과 열 번호와 함께 알려 줍니다."),
    ("Run", "실행"),
    ("Step", "단계"),
    ("Source", "소스 코드"),
    ("Call stack", "호출 스택"),
    ("(empty: the event loop is between callbacks)", "(비어 있음: 이벤트 루프가 콜백 사이에 있습니다)"),
    ("(empty)", "(비어 있음)"),
    ("Console output", "콘솔 출력"),
    ("Line {0}, column {1}: {2}", "{0}번째 줄, {1}번째 열: {2}"),
    ("Step {0} of {1} · {2} ms", "{1}단계 중 {0}단계 · {2} ms"),
    ("The process died: {0}", "프로세스가 죽었습니다: {0}"),
    ("due at {0} ms", "{0} ms에 만료"),
    ("nextTick queue", "nextTick 큐"),
    ("Microtask queue (promise jobs)", "마이크로태스크 큐 (프라미스 작업)"),
    ("Timers", "타이머"),
    ("Check queue (setImmediate)", "체크 큐 (setImmediate)"),
    ("Ready queue (call_soon)", "준비 큐 (call_soon)"),
    ("Scheduled timers (call_later)", "예약된 타이머 (call_later)"),
    ("Tasks", "태스크"),
    ("adopt a promise", "프라미스 상태 넘겨받기"),
    ("pass the result on", "결과를 다음으로 전달"),
    ("Node.js starts running the main script.", "Node.js가 메인 스크립트를 실행하기 시작합니다."),
    ("asyncio.run creates the event loop.", "asyncio.run이 이벤트 루프를 만듭니다."),
    ("a job", "작업 하나"),
    ("Nothing is left in any queue: the program ends.", "어느 큐에도 남은 것이 없어 프로그램이 끝납니다."),
    ("whether the timer is due when the loop checks depends on how long the process took to get there", "루프가 확인할 때 타이머가 만료됐는지는 프로세스가 거기까지 오는 데 걸린 시간에 달려 있습니다"),
    ("the two timers are due within 5 ms of each other and code takes time on a real machine", "두 타이머의 만료 시각이 5 ms 안쪽으로 가깝고, 실제 기계에서는 코드 실행에도 시간이 걸립니다"),
    ("the timer falls due within 5 ms while other callbacks are ready", "다른 콜백이 준비된 동안 타이머가 5 ms 안에 만료됩니다"),
    ("resume {0}", "{0} 재개"),
    ("start {0}", "{0} 시작"),
    ("timer: {0}", "타이머: {0}"),
    ("done callback: {0}", "완료 콜백: {0}"),
    ("{0} (line {1})", "{0} ({1}번째 줄)"),
    ("Ran line {0}.", "{0}번째 줄을 실행했습니다."),
    ("Called {0}: it goes on top of the call stack.", "{0}을(를) 호출했습니다: 호출 스택 맨 위에 올라갑니다."),
    ("{0} returned to its caller.", "{0}이(가) 호출한 쪽으로 돌아갔습니다."),
    ("The event loop takes {0} from the {1} and runs it.", "이벤트 루프가 {1}에서 {0}을(를) 꺼내 실행합니다."),
    ("{0} reaches await on line {1}: it is suspended, and the stack unwinds to whoever called it.", "{0}이(가) {1}번째 줄의 await에 이르러 멈추고, 스택은 그것을 호출한 쪽으로 풀립니다."),
    ("Nothing is ready: the clock jumps to {0} ms, when the next timer is due.", "준비된 것이 없어 시계가 다음 타이머가 만료되는 {0} ms로 건너뜁니다."),
    ("The process dies: {0}", "프로세스가 죽습니다: {0}"),
    ("Not guaranteed: here {0} (line {1}) runs before {2} (line {3}), but on a real machine either may run first: {4}.", "보장되지 않음: 여기서는 {0}({1}번째 줄)이 {2}({3}번째 줄)보다 먼저 실행되지만, 실제 기계에서는 어느 쪽이든 먼저 실행될 수 있습니다: {4}."),
    ("Tasks, microtasks and timers", "태스크, 마이크로태스크, 타이머"),
    ("async/await, nextTick and a promise", "async/await, nextTick, 프라미스"),
    ("A then callback waits for the script", "then 콜백은 스크립트가 끝나길 기다립니다"),
    ("Node's queues: nextTick, promises, immediate, timer", "Node의 큐: nextTick, 프라미스, immediate, 타이머"),
    ("await and then take turns", "await와 then이 번갈아 실행됩니다"),
    ("try/catch around await, and a timer as a sleep", "await를 감싼 try/catch, 그리고 sleep 대신 쓰는 타이머"),
    ("Returning a promise costs two extra jobs", "프라미스를 반환하면 작업이 두 번 더 듭니다"),
    ("An unhandled rejection kills the process", "처리되지 않은 거부는 프로세스를 죽입니다"),
    ("setTimeout 0 against setImmediate: not guaranteed", "setTimeout 0과 setImmediate: 순서 보장 없음"),
    ("A task starts when main yields", "태스크는 main이 양보할 때 시작합니다"),
    ("gather: results in argument order", "gather: 결과는 인자 순서대로"),
    ("sleep(0) takes turns round-robin", "sleep(0)은 돌아가며 차례를 넘깁니다"),
    ("await a coroutine against await a task", "코루틴을 await할 때와 태스크를 await할 때"),
    ("When main returns, pending tasks are cancelled", "main이 반환되면 대기 중인 태스크는 취소됩니다"),
    // Handler code beside the simulations
    ("Requests in the diagram: pick one to follow in the code", "다이어그램의 요청: 골라서 코드에서 따라가기"),
    ("Follow request #{0}", "요청 #{0} 따라가기"),
    ("Spring MVC controller (Tomcat, blocking)", "Spring MVC 컨트롤러 (Tomcat, 블로킹)"),
    ("Spring @Async service (ThreadPoolTaskExecutor)", "Spring @Async 서비스 (ThreadPoolTaskExecutor)"),
    ("Express handler (Node.js)", "Express 핸들러 (Node.js)"),
    ("FastAPI endpoint (Python asyncio)", "FastAPI 엔드포인트 (Python asyncio)"),
    ("Spring Boot on virtual threads (Java 21)", "가상 스레드 위의 Spring Boot (Java 21)"),
    ("NestJS controller and BullMQ processor", "NestJS 컨트롤러와 BullMQ 프로세서"),
    ("waiting for a thread", "스레드를 기다리는 중"),
    ("waiting for the loop", "루프를 기다리는 중"),
    ("waiting for a carrier", "캐리어를 기다리는 중"),
    ("waiting for the API", "API를 기다리는 중"),
    ("in the queue", "큐에서 대기 중"),
    ("waiting for the worker", "워커를 기다리는 중"),
    ("waiting for a worker thread", "워커 스레드를 기다리는 중"),
    ("ready to resume", "재개 대기 중"),
    ("running", "실행 중"),
    ("unmounted · no carrier held", "언마운트됨 · 캐리어를 잡지 않음"),
    ("suspended · no thread held", "중단됨 · 스레드를 잡지 않음"),
    ("thread blocked on I/O", "스레드가 I/O에 막힘"),
    ("the loop is blocked", "루프가 막힘"),
    ("pinned to its carrier", "캐리어에 고정됨"),
    ("thread blocked", "스레드가 막힘"),
    ("No request in flight", "처리 중인 요청 없음"),
    ("Follow request: expected a request number such as 7", "따라갈 요청: 7 같은 요청 번호여야 합니다"),
    ("Follow request: must be a whole number of at least 1", "따라갈 요청: 1 이상의 정수여야 합니다"),
    ("Follow request", "따라갈 요청"),
    ("oldest in flight", "가장 오래된 요청"),
    ("backoff · attempt {0} of {1}", "백오프 · {1}번 중 {0}번째 시도"),
    ("Request #{0} waits in the queue for a thread (line {1})", "요청 #{0}이 큐에서 스레드를 기다립니다 ({1}행)"),
    (
        "Request #{0} waits in the ready queue for the event loop (line {1})",
        "요청 #{0}이 준비 큐에서 이벤트 루프를 기다립니다 ({1}행)",
    ),
    ("Request #{0} waits for a carrier thread (line {1})", "요청 #{0}이 캐리어 스레드를 기다립니다 ({1}행)"),
    ("Request #{0} waits for the API's event loop (line {1})", "요청 #{0}이 API의 이벤트 루프를 기다립니다 ({1}행)"),
    (
        "Job #{0} waits in the job queue for a worker (line {1}), for attempt {5}",
        "작업 #{0}이 작업 큐에서 워커를 기다립니다 ({1}행, {5}번째 시도)",
    ),
    (
        "Job #{0} waits for its worker's thread (line {1}), attempt {3}",
        "작업 #{0}이 워커의 스레드를 기다립니다 ({1}행, {3}번째 시도)",
    ),
    (
        "Request #{0} waits for a worker thread to run line {1}; the loop is free",
        "요청 #{0}이 {1}행을 실행할 워커 스레드를 기다립니다. 루프는 비어 있습니다",
    ),
    (
        "Request #{0}'s I/O is done; it waits in the ready queue to resume at line {1}",
        "요청 #{0}의 I/O가 끝났고, 준비 큐에서 {1}행부터 재개하기를 기다립니다",
    ),
    ("Job #{0} is computing on line {1} on {2}", "작업 #{0}이 {2}에서 {1}행을 계산 중입니다"),
    ("Request #{0} is computing on line {1} on {2}", "요청 #{0}이 {2}에서 {1}행을 계산 중입니다"),
    ("Request #{0} is at line {1}; {2} waits for a free core", "요청 #{0}은 {1}행에 있고, {2}이 빈 코어를 기다립니다"),
    (
        "Request #{0} is blocked on I/O on line {1} — its virtual thread is unmounted and holds no carrier",
        "요청 #{0}이 {1}행에서 I/O에 막혀 있습니다 — 가상 스레드는 언마운트되어 캐리어를 잡지 않습니다",
    ),
    (
        "Job #{0} is awaiting I/O on line {1} — the worker's thread is free",
        "작업 #{0}이 {1}행에서 I/O를 await 중입니다 — 워커의 스레드는 비어 있습니다",
    ),
    (
        "Request #{0} is awaiting I/O on line {1} — no thread is held",
        "요청 #{0}이 {1}행에서 I/O를 await 중입니다 — 잡고 있는 스레드가 없습니다",
    ),
    (
        "Request #{0} is blocked on I/O on line {1} — {2} waits with it",
        "요청 #{0}이 {1}행에서 I/O에 막혀 있습니다 — {2}도 함께 기다립니다",
    ),
    (
        "Request #{0} is in a blocking call on line {1} — the whole event loop is stuck",
        "요청 #{0}이 {1}행의 블로킹 호출 중입니다 — 이벤트 루프 전체가 멈춰 있습니다",
    ),
    ("Request #{0} is pinned on line {1} — {2} is held", "요청 #{0}이 {1}행에서 고정되어 있습니다 — {2}을 잡고 있습니다"),
    (
        "Request #{0} is in a blocking call on line {1} — {2} is blocked",
        "요청 #{0}이 {1}행의 블로킹 호출 중입니다 — {2}이 막혀 있습니다",
    ),
    (
        "Job #{0} failed attempt {3} of {4} and backs off before a retry (line {1})",
        "작업 #{0}이 {4}번 중 {3}번째 시도에 실패해 재시도 전 백오프 중입니다 ({1}행)",
    ),
    ("Request #{0} finished: {1} after {2}", "요청 #{0} 완료: {2} 만에 {1}"),
    ("Request #{0} was rejected", "요청 #{0}은 거부되었습니다"),
    (
        "Job #{0} finished after {1} attempt(s), {2} after its request arrived",
        "작업 #{0} 완료: {1}번 시도, 요청 도착 후 {2}",
    ),
    ("Job #{0} was dead-lettered after {1} attempts", "작업 #{0}은 {1}번 시도 후 데드 레터 큐로 갔습니다"),
    ("Request #{0} finished", "요청 #{0} 완료"),
    ("Request #{0} has not arrived yet", "요청 #{0}은 아직 도착하지 않았습니다"),
    ("got “{0}”", "입력: “{0}”"),
    ("longer than {0} KiB", "{0} KiB를 넘습니다"),
    ("the scenario is longer than {0} KiB", "시나리오가 {0} KiB를 넘습니다"),
    ("not valid base64url", "올바른 base64url이 아닙니다"),
    ("the scenario is not valid base64url", "시나리오가 올바른 base64url이 아닙니다"),
    ("not UTF-8 text", "UTF-8 텍스트가 아닙니다"),
    ("the scenario is not UTF-8 text", "시나리오가 UTF-8 텍스트가 아닙니다"),
    ("invalid JSON: {0}", "올바른 JSON이 아닙니다: {0}"),
    ("the scenario is not valid JSON ({0})", "시나리오가 올바른 JSON이 아닙니다 ({0})"),
    ("models: expected a list of 1 to {0} models", "models: 모델 1~{0}개의 목록이어야 합니다"),
    ("models: must list 1 to {0} models", "models: 모델을 1~{0}개 나열해야 합니다"),
    ("models: expected a list", "models: 목록이어야 합니다"),
    ("common.model: the model belongs in models", "common.model: 모델은 models에 넣어야 합니다"),
    ("fmt=toml is not read here: embed.js converts TOML blocks to JSON", "여기서는 fmt=toml을 읽지 않습니다. TOML 블록은 embed.js가 JSON으로 바꿉니다"),
    ("expected a scenario object", "시나리오 객체여야 합니다"),
    ("give either model or models, not both", "model과 models 중 하나만 쓰세요"),
    ("events", "이벤트"),
    ("scheduling events", "스케줄링 이벤트"),
    ("events of retried jobs", "재시도 작업 이벤트"),
    ("events' worth of work copying and scanning its threads", "스레드를 복사하고 훑는 작업(이벤트 환산)"),
    ("events' worth of work copying and scanning its max", "스레드(max)를 복사하고 훑는 작업(이벤트 환산)"),
    ("events' worth of work copying and scanning its workers", "워커를 복사하고 훑는 작업(이벤트 환산)"),
    ("events' worth of work copying and scanning its carriers", "캐리어를 복사하고 훑는 작업(이벤트 환산)"),
    ("events' worth of work copying its per-key state", "키별 상태를 복사하는 작업(이벤트 환산)"),
    ("events' worth of work scanning the job queue for a free key", "비어 있는 키를 찾아 작업 큐를 훑는 작업(이벤트 환산)"),
    ("events' worth of work for crashes and redeliveries", "크래시와 재전달 처리(이벤트 환산)"),
    ("events' worth of work recovering from crashes", "크래시 복구(이벤트 환산)"),
    ("lower the rate or duration_ms, set workload.limit, or use fewer steps", "요청률이나 duration_ms를 낮추거나, workload.limit을 정하거나, 단계를 줄이세요"),
    ("lower cpu_ms or accept_cpu_ms, the rate or duration_ms, or raise quantum_ms", "cpu_ms나 accept_cpu_ms, 요청률, duration_ms를 낮추거나 quantum_ms를 높이세요"),
    ("lower cpu_ms, the rate or duration_ms, or raise quantum_ms", "cpu_ms, 요청률, duration_ms를 낮추거나 quantum_ms를 높이세요"),
    ("lower attempts, failure_rate or faults.step_failure_rate, or the rate or duration_ms", "attempts, failure_rate, faults.step_failure_rate, 요청률, duration_ms 중 하나를 낮추세요"),
    ("lower threads, or the rate or duration_ms", "threads, 요청률, duration_ms 중 하나를 낮추세요"),
    ("lower max, or the rate or duration_ms", "max, 요청률, duration_ms 중 하나를 낮추세요"),
    ("lower workers, or the rate or duration_ms", "workers, 요청률, duration_ms 중 하나를 낮추세요"),
    ("lower carriers, or the rate or duration_ms", "carriers, 요청률, duration_ms 중 하나를 낮추세요"),
    ("lower workload.keys, or the rate or duration_ms", "workload.keys, 요청률, duration_ms 중 하나를 낮추세요"),
    ("lower the rate or duration_ms, or turn partition_by_key off", "요청률이나 duration_ms를 낮추거나 partition_by_key를 끄세요"),
    ("list fewer times, or lower model.job_queue.concurrency, the rate or duration_ms", "시각을 더 적게 나열하거나 model.job_queue.concurrency, 요청률, duration_ms를 낮추세요"),
    ("raise restart_ms, lower step_failure_rate, or lower the rate or duration_ms", "restart_ms를 높이거나 step_failure_rate, 요청률, duration_ms를 낮추세요"),
];

#[cfg(test)]
mod tests {
    use super::*;

    /// The string literal starting at `s[0] == '"'`, unescaped, and its length in `s`.
    fn literal(s: &str) -> Option<String> {
        let mut out = String::new();
        let mut chars = s[1..].chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '"' => return Some(out),
                '\\' => match chars.next()? {
                    'n' => out.push('\n'),
                    't' => out.push('\t'),
                    '"' => out.push('"'),
                    '\'' => out.push('\''),
                    '\\' => out.push('\\'),
                    '\n' => {
                        while chars.peek().is_some_and(|c| c.is_whitespace()) {
                            chars.next();
                        }
                    }
                    other => panic!("escape \\{other} in a translated literal"),
                },
                c => out.push(c),
            }
        }
        None
    }

    /// Every literal passed as the text of `tr(` or `trf(` in `src`.
    fn keys(src: &str) -> Vec<String> {
        let mut found = Vec::new();
        for pat in ["tr(", "trf("] {
            for (at, _) in src.match_indices(pat) {
                let before = src[..at].chars().next_back();
                if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                    continue;
                }
                let args = &src[at + pat.len()..];
                // The first argument is the language; the text comes after the first comma.
                let Some(comma) = args.find([',', ')']) else { continue };
                if args.as_bytes()[comma] != b',' {
                    continue;
                }
                let text = args[comma + 1..].trim_start();
                if text.starts_with('"') {
                    found.push(literal(text).expect("a closed literal"));
                }
            }
        }
        found
    }

    fn placeholders(s: &str) -> Vec<String> {
        let mut v: Vec<String> = s
            .match_indices('{')
            .filter_map(|(i, _)| {
                let rest = &s[i + 1..];
                let end = rest.find('}')?;
                rest[..end].parse::<usize>().ok().map(|n| n.to_string())
            })
            .collect();
        v.sort();
        v
    }

    fn sources(dir: &std::path::Path, out: &mut Vec<(String, String)>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                sources(&p, out);
            } else if p.extension().is_some_and(|x| x == "rs") {
                out.push((p.display().to_string(), std::fs::read_to_string(&p).unwrap()));
            }
        }
    }

    #[test]
    fn every_translated_text_has_korean_with_the_same_placeholders() {
        let mut files = Vec::new();
        sources(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src"), &mut files);
        let mut missing = Vec::new();
        let mut count = 0;
        for (path, src) in &files {
            // This file's own tests use made-up templates.
            let code = if path.ends_with("i18n.rs") {
                src.split("#[cfg(test)]").next().unwrap_or_default()
            } else {
                src
            };
            for k in keys(code) {
                count += 1;
                if !KO.iter().any(|(en, _)| *en == k) {
                    missing.push(format!("{path}: {k:?}"));
                }
            }
        }
        assert!(count > 200, "the scan found only {count} texts");
        assert!(missing.is_empty(), "no Korean for:\n{}", missing.join("\n"));
        for (en, ko) in KO {
            assert_eq!(placeholders(en), placeholders(ko), "placeholders of {en:?}");
            assert!(!ko.is_empty(), "{en:?}");
        }
        for (i, (en, _)) in KO.iter().enumerate() {
            assert!(!KO[..i].iter().any(|(k, _)| k == en), "{en:?} twice");
        }
    }

    #[test]
    fn templates_fill_in_any_order() {
        assert_eq!(trf(Lang::En, "{0} of {1}", &[&1, &"two"]), "1 of two");
        assert_eq!(trf(Lang::En, "{1}, {0} {x}", &[&1, &2]), "2, 1 {x}");
        assert_eq!(tr(Lang::Ko, "Play"), "재생");
        assert_eq!(tr(Lang::En, "Play"), "Play");
        assert_eq!(Lang::from_code("ko-KR"), Some(Lang::Ko));
        assert_eq!(Lang::from_code("en-GB"), Some(Lang::En));
        assert_eq!(Lang::from_code("de"), None);
    }
}
