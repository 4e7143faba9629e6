//! Live reload: the tiny inline script injected into served pages, and the
//! Server-Sent Events hub that tells open tabs to reload or show an error.
//! Each SSE client has its own thread and channel, so a slow tab never
//! blocks the others; a dead one is dropped at its next write.

use std::io::Write;
use std::sync::mpsc::{channel, RecvTimeoutError, Sender};
use std::sync::Mutex;
use std::time::Duration;

/// Where browsers listen for events.
pub(crate) const EVENTS_PATH: &str = "/__roadbook/events";

/// The script injected before `</body>` of every served page, for a build generation.
pub(crate) fn script(generation: &str) -> String {
    format!(
        "<script>/* roadbook live reload */(()=>{{const g={generation:?};\
function overlay(t){{let o=document.getElementById('roadbook-error');\
if(!t){{if(o)o.remove();return}}\
if(!o){{o=document.createElement('pre');o.id='roadbook-error';o.setAttribute('role','alert');\
o.style.cssText='position:fixed;left:0;right:0;bottom:0;max-height:60vh;overflow:auto;margin:0;padding:16px 20px;background:#3b0d12;color:#fff;font:13px/1.45 ui-monospace,Menlo,Consolas,monospace;white-space:pre-wrap;z-index:2147483647;border-top:4px solid #e5484d';\
document.body.appendChild(o)}}o.textContent=t}}\
const es=new EventSource('{EVENTS_PATH}');\
es.addEventListener('hello',e=>{{const d=JSON.parse(e.data);if(d.generation!==g)location.reload();else overlay(d.error)}});\
es.addEventListener('reload',()=>location.reload());\
es.addEventListener('error',e=>overlay(JSON.parse(e.data)));\
}})();</script>\n"
    )
}

/// The overlay as static HTML, for pages served while the last rebuild failed.
pub(crate) fn overlay_html(error: &str) -> String {
    let escaped = crate::escape::html(error);
    format!(
        "<pre id=\"roadbook-error\" role=\"alert\" style=\"position:fixed;left:0;right:0;bottom:0;max-height:60vh;overflow:auto;margin:0;padding:16px 20px;background:#3b0d12;color:#fff;font:13px/1.45 ui-monospace,Menlo,Consolas,monospace;white-space:pre-wrap;z-index:2147483647;border-top:4px solid #e5484d\">{escaped}</pre>\n"
    )
}

/// One server-sent event.
pub(crate) fn event(name: &str, data: &str) -> String {
    let json = serde_json::Value::from(data);
    format!("event: {name}\ndata: {json}\n\n")
}

/// The `hello` event a client gets on (re)connecting.
pub(crate) fn hello(generation: &str, error: Option<&str>) -> String {
    let data = serde_json::json!({ "generation": generation, "error": error });
    format!("event: hello\ndata: {data}\n\n")
}

/// The connected tabs.
#[derive(Default)]
pub(crate) struct Hub {
    clients: Mutex<Vec<Sender<String>>>,
}

impl Hub {
    /// Sends an event to every connected tab, forgetting closed ones.
    pub(crate) fn broadcast(&self, message: &str) {
        let mut clients = self.clients.lock().unwrap_or_else(|e| e.into_inner());
        clients.retain(|c| c.send(message.to_string()).is_ok());
    }

    /// Streams events to one client on its own thread until it goes away.
    pub(crate) fn attach(&self, mut writer: Box<dyn Write + Send>, first: String) {
        let (tx, rx) = channel::<String>();
        self.clients.lock().unwrap_or_else(|e| e.into_inner()).push(tx);
        std::thread::spawn(move || {
            let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\nConnection: keep-alive\r\nX-Content-Type-Options: nosniff\r\n\r\n";
            if writer.write_all(head.as_bytes()).and_then(|_| send(&mut writer, &first)).is_err() {
                return;
            }
            loop {
                let message = match rx.recv_timeout(Duration::from_secs(15)) {
                    Ok(message) => message,
                    Err(RecvTimeoutError::Timeout) => ": keep-alive\n\n".to_string(),
                    Err(RecvTimeoutError::Disconnected) => return,
                };
                if send(&mut writer, &message).is_err() {
                    return;
                }
            }
        });
    }
}

fn send(writer: &mut Box<dyn Write + Send>, message: &str) -> std::io::Result<()> {
    writer.write_all(message.as_bytes())?;
    writer.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_carry_json_data_on_one_line() {
        assert_eq!(event("error", "a\n<b>"), "event: error\ndata: \"a\\n<b>\"\n\n");
        assert_eq!(hello("7", None), "event: hello\ndata: {\"error\":null,\"generation\":\"7\"}\n\n");
    }

    #[test]
    fn overlay_escapes_the_message() {
        assert!(overlay_html("<script>x</script>").contains("&lt;script&gt;x&lt;/script&gt;"));
    }
}
