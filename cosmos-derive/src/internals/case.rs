//! serde's `rename_all` rules applied to field names, so JSON paths match
//! what serde writes.

#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum RenameRule {
    None,
    LowerCase,
    UpperCase,
    PascalCase,
    CamelCase,
    SnakeCase,
    ScreamingSnakeCase,
    KebabCase,
    ScreamingKebabCase,
}

impl RenameRule {
    /// The rule named as in serde; `None` for an unknown name (serde reports it).
    pub fn from_str(name: &str) -> Option<Self> {
        Some(match name {
            "lowercase" => Self::LowerCase,
            "UPPERCASE" => Self::UpperCase,
            "PascalCase" => Self::PascalCase,
            "camelCase" => Self::CamelCase,
            "snake_case" => Self::SnakeCase,
            "SCREAMING_SNAKE_CASE" => Self::ScreamingSnakeCase,
            "kebab-case" => Self::KebabCase,
            "SCREAMING-KEBAB-CASE" => Self::ScreamingKebabCase,
            _ => return None,
        })
    }

    /// Applies the rule to a snake_case Rust field name.
    pub fn apply_to_field(self, field: &str) -> String {
        match self {
            Self::None | Self::LowerCase | Self::SnakeCase => field.to_owned(),
            Self::UpperCase | Self::ScreamingSnakeCase => field.to_ascii_uppercase(),
            Self::PascalCase => {
                let mut pascal = String::new();
                let mut capitalize = true;
                for ch in field.chars() {
                    if ch == '_' {
                        capitalize = true;
                    } else if capitalize {
                        pascal.push(ch.to_ascii_uppercase());
                        capitalize = false;
                    } else {
                        pascal.push(ch);
                    }
                }
                pascal
            }
            Self::CamelCase => {
                let pascal = Self::PascalCase.apply_to_field(field);
                let mut chars = pascal.chars();
                match chars.next() {
                    Some(first) => first.to_ascii_lowercase().to_string() + chars.as_str(),
                    None => pascal,
                }
            }
            Self::KebabCase => field.replace('_', "-"),
            Self::ScreamingKebabCase => field.to_ascii_uppercase().replace('_', "-"),
        }
    }
}

/// snake_case of a PascalCase type name, pluralized with simple English rules,
/// for the default container name.
pub fn container_name(type_name: &str) -> String {
    let mut snake = String::new();
    for (i, ch) in type_name.char_indices() {
        if ch.is_uppercase() {
            if i > 0 && !snake.ends_with('_') {
                snake.push('_');
            }
            snake.extend(ch.to_lowercase());
        } else {
            snake.push(ch);
        }
    }
    pluralize(&snake)
}

fn pluralize(word: &str) -> String {
    let vowel_before_y =
        word.len() >= 2 && word[..word.len() - 1].ends_with(['a', 'e', 'i', 'o', 'u']);
    if word.ends_with('y') && !vowel_before_y {
        format!("{}ies", &word[..word.len() - 1])
    } else if word.ends_with(['s', 'x', 'z']) || word.ends_with("ch") || word.ends_with("sh") {
        format!("{word}es")
    } else {
        format!("{word}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_rules_match_serde() {
        let cases = [
            (RenameRule::None, "outcome_ready"),
            (RenameRule::LowerCase, "outcome_ready"),
            (RenameRule::UpperCase, "OUTCOME_READY"),
            (RenameRule::PascalCase, "OutcomeReady"),
            (RenameRule::CamelCase, "outcomeReady"),
            (RenameRule::SnakeCase, "outcome_ready"),
            (RenameRule::ScreamingSnakeCase, "OUTCOME_READY"),
            (RenameRule::KebabCase, "outcome-ready"),
            (RenameRule::ScreamingKebabCase, "OUTCOME-READY"),
        ];
        for (rule, expected) in cases {
            assert_eq!(rule.apply_to_field("outcome_ready"), expected, "{rule:?}");
        }
        assert_eq!(RenameRule::CamelCase.apply_to_field("id"), "id");
    }

    #[test]
    fn container_names() {
        assert_eq!(container_name("User"), "users");
        assert_eq!(container_name("OrderLine"), "order_lines");
        assert_eq!(container_name("Category"), "categories");
        assert_eq!(container_name("Address"), "addresses");
        assert_eq!(container_name("Day"), "days");
        assert_eq!(container_name("Box"), "boxes");
    }
}
