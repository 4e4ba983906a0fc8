//! Problems found in a site's input, reported the way a compiler reports them.
//!
//! Every stage (loading, deriving, importing) records what it finds as a
//! [`Diagnostic`] instead of stopping, so `plansite check` can show every
//! problem of a run at once, each pointing at a file, line and column.

use std::fmt;
use std::path::{Path, PathBuf};

/// How bad a problem is: errors fail the command, warnings only inform.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

/// A place in a source file, 1-based, as editors count.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Position {
    pub line: u64,
    pub column: u64,
}

/// One problem: where it is, what is wrong, and what to do about it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub file: PathBuf,
    pub position: Option<Position>,
    pub message: String,
    pub help: Option<String>,
}

impl Diagnostic {
    /// An error in `file`, without a position yet.
    pub fn error(file: impl AsRef<Path>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            file: file.as_ref().to_path_buf(),
            position: None,
            message: message.into(),
            help: None,
        }
    }

    /// A warning in `file`, without a position yet.
    pub fn warning(file: impl AsRef<Path>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(file, message)
        }
    }

    /// Points the diagnostic at a line and column.
    pub fn at(mut self, position: Option<Position>) -> Self {
        self.position = position;
        self
    }

    /// Adds the advice shown under the message.
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Whether this diagnostic should make the command fail.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The `file:line:column` prefix that editors and terminals make clickable.
    pub fn location(&self) -> String {
        location(&self.file, self.position)
    }

    /// Prints the diagnostic on standard error, coloured only where that helps.
    pub fn emit(&self) {
        use anstyle::{AnsiColor, Style};
        let (label, colour) = match self.severity {
            Severity::Error => ("error", AnsiColor::Red),
            Severity::Warning => ("warning", AnsiColor::Yellow),
        };
        let style = Style::new().bold().fg_color(Some(colour.into()));
        let bold = Style::new().bold();
        anstream::eprintln!(
            "{style}{label}{style:#}: {bold}{}{bold:#}: {}",
            self.location(),
            self.message
        );
        if let Some(help) = &self.help {
            anstream::eprintln!("  help: {help}");
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{label}: {}: {}", self.location(), self.message)?;
        if let Some(help) = &self.help {
            write!(f, "\n  help: {help}")?;
        }
        Ok(())
    }
}

/// `file:line:column`, or the file alone where the place is not known: how
/// a diagnostic, or a message pointing at a second place, names a place.
pub fn location(file: &Path, position: Option<Position>) -> String {
    let file = file.display();
    match position {
        Some(p) => format!("{file}:{}:{}", p.line, p.column),
        None => file.to_string(),
    }
}

/// Sorts diagnostics by file and position so output is the same on every run.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        (&a.file, a.position, a.severity, &a.message)
            .cmp(&(&b.file, b.position, b.severity, &b.message))
    });
}

/// "1 error", "2 errors": counts in summary lines read as English.
pub fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        word.to_string()
    } else {
        format!("{word}s")
    }
}
