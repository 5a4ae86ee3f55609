//! Who is logged in. Checked at start; any call that finds the session gone sends the app
//! back to the login.

use crate::api::{self, jsapi, ApiError, ClientConfig, Me};
use leptos::prelude::*;
use leptos::task::spawn_local;

#[derive(Debug, Clone, PartialEq)]
pub enum Auth {
    Checking,
    LoggedOut {
        config: Option<ClientConfig>,
        error: Option<ApiError>,
        /// Inside a DingTalk client: the way in is DingTalk's login, never the demo's.
        in_dingtalk: bool,
    },
    LoggingIn,
    LoggedIn(Me),
}

#[derive(Clone, Copy)]
pub struct Session(pub RwSignal<Auth>);

impl Session {
    pub fn new() -> Self {
        Self(RwSignal::new(Auth::Checking))
    }

    pub fn get(&self) -> Auth {
        self.0.get()
    }

    /// Asks the server who is logged in.
    pub fn check(self) {
        spawn_local(async move {
            match api::me().await {
                Ok(me) => {
                    self.0.try_set(Auth::LoggedIn(me));
                }
                Err(e) => {
                    // The early spaces answer was asked without a session: the list is
                    // asked again once there is one.
                    api::early::discard();
                    if e.is_session_lost() {
                        self.enter().await
                    } else {
                        self.logged_out(Some(e)).await
                    }
                }
            }
        });
    }

    /// No session: inside DingTalk, log in through the JSAPI at once (DingTalk's "login-free"
    /// flow); elsewhere, show the login page.
    async fn enter(self) {
        let config = match api::get_config().await {
            Ok(c) => c,
            Err(e) => {
                self.0.try_set(Auth::LoggedOut {
                    config: None,
                    error: Some(e),
                    in_dingtalk: jsapi::in_dingtalk().await,
                });
                return;
            }
        };
        if !jsapi::in_dingtalk().await {
            self.0.try_set(Auth::LoggedOut {
                config: Some(config),
                error: None,
                in_dingtalk: false,
            });
            return;
        }
        self.0.try_set(Auth::LoggingIn);
        let result = match jsapi::request_auth_code(&config.corp_id, &config.client_id).await {
            Ok(code) => api::login(&code).await,
            Err(e) => Err(ApiError::DingTalkLogin(e.0)),
        };
        self.0.try_set(match result {
            Ok(me) => Auth::LoggedIn(me),
            Err(e) => Auth::LoggedOut {
                config: Some(config),
                error: Some(e),
                in_dingtalk: true,
            },
        });
    }

    async fn logged_out(self, error: Option<ApiError>) {
        let (config, error) = match api::get_config().await {
            Ok(c) => (Some(c), error),
            Err(e) => (None, error.or(Some(e))),
        };
        let in_dingtalk = jsapi::in_dingtalk().await;
        self.0.try_set(Auth::LoggedOut {
            config,
            error,
            in_dingtalk,
        });
    }

    /// Exchanges an auth code (from the JSAPI, or a demo code) for a session.
    pub fn login(self, code: String) {
        self.0.set(Auth::LoggingIn);
        spawn_local(async move {
            match api::login(&code).await {
                Ok(me) => {
                    self.0.try_set(Auth::LoggedIn(me));
                }
                Err(e) => self.logged_out(Some(e)).await,
            }
        });
    }

    pub fn logout(self) {
        spawn_local(async move {
            let _ = api::logout().await;
            self.logged_out(None).await;
        });
    }

    /// A call found the session gone and could not renew it silently.
    pub fn lost(self, error: ApiError) {
        spawn_local(async move { self.logged_out(Some(error)).await });
    }
}

impl Default for Session {
    fn default() -> Self {
        Self::new()
    }
}

/// The session the app provides at its root.
pub fn use_session() -> Session {
    expect_context::<Session>()
}
