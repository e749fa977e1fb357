//! The LaTeX names this knows, as `name value` pairs in space-separated strings (in the wasm bundle that is the text
//! alone, with no table of pointers), and the math alphabets (`\mathbb`, `\mathbf`, …) as Unicode offsets.

/// Lower-case Greek: italic identifiers.
pub const GREEK: &str = "alpha α beta β gamma γ delta δ epsilon ϵ varepsilon ε zeta ζ eta η theta θ vartheta ϑ iota ι \
kappa κ lambda λ mu μ nu ν xi ξ omicron ο pi π varpi ϖ rho ρ varrho ϱ sigma σ varsigma ς tau τ upsilon υ phi ϕ \
varphi φ chi χ psi ψ omega ω";

/// Upright identifiers: capital Greek and letter-like symbols.
pub const UPRIGHT: &str = "Gamma Γ Delta Δ Theta Θ Lambda Λ Xi Ξ Pi Π Sigma Σ Upsilon Υ Phi Φ Psi Ψ Omega Ω \
infty ∞ partial ∂ nabla ∇ hbar ℏ hslash ℏ ell ℓ emptyset ∅ varnothing ∅ aleph ℵ Re ℜ Im ℑ wp ℘ imath ı jmath ȷ";

/// Operators, relations, arrows, delimiters and punctuation.
pub const OPERATORS: &str = "pm ± mp ∓ times × div ÷ cdot ⋅ cdotp ⋅ ast ∗ star ⋆ circ ∘ bullet ∙ oplus ⊕ ominus ⊖ \
otimes ⊗ odot ⊙ dagger † ddagger ‡ cap ∩ cup ∪ sqcup ⊔ setminus ∖ wedge ∧ land ∧ vee ∨ lor ∨ neg ¬ lnot ¬ leq ≤ le ≤ \
geq ≥ ge ≥ leqslant ⩽ geqslant ⩾ neq ≠ ne ≠ approx ≈ equiv ≡ sim ∼ simeq ≃ cong ≅ propto ∝ ll ≪ gg ≫ prec ≺ succ ≻ \
preceq ⪯ succeq ⪰ subset ⊂ subseteq ⊆ supset ⊃ supseteq ⊇ subsetneq ⊊ in ∈ notin ∉ ni ∋ forall ∀ exists ∃ \
nexists ∄ perp ⊥ parallel ∥ mid ∣ nmid ∤ to → rightarrow → leftarrow ← gets ← Rightarrow ⇒ Leftarrow ⇐ \
Leftrightarrow ⇔ leftrightarrow ↔ iff ⟺ implies ⟹ impliedby ⟸ mapsto ↦ longrightarrow ⟶ longleftarrow ⟵ \
Longrightarrow ⟹ Longleftarrow ⟸ longmapsto ⟼ uparrow ↑ downarrow ↓ Uparrow ⇑ Downarrow ⇓ nearrow ↗ searrow ↘ \
rightleftharpoons ⇌ ldots … dots … cdots ⋯ vdots ⋮ ddots ⋱ langle ⟨ rangle ⟩ lfloor ⌊ rfloor ⌋ lceil ⌈ rceil ⌉ \
lvert | rvert | lVert ‖ rVert ‖ vert | Vert ‖ | ‖ { { } } lbrace { rbrace } lbrack [ rbrack ] backslash \\ \
angle ∠ triangle △ square □ therefore ∴ because ∵ colon : vdash ⊢ models ⊨ top ⊤ bot ⊥ prime ′ degree ° \
doteq ≐ asymp ≍ checkmark ✓ circledcirc ⊚ lhd ⊲ rhd ⊳ % % $ $ & & # # _ _";

/// Large operators whose limits go above and below in display style.
pub const BIG_OPERATORS: &str = "sum ∑ prod ∏ coprod ∐ bigcup ⋃ bigcap ⋂ bigoplus ⨁ bigotimes ⨂ bigodot ⨀ bigvee ⋁ \
bigwedge ⋀ bigsqcup ⨆";

/// Integrals: their limits are scripts.
pub const INTEGRALS: &str = "int ∫ iint ∬ iiint ∭ oint ∮";

/// Function names, upright.
pub const FUNCTIONS: &str = "sin cos tan cot sec csc arcsin arccos arctan sinh cosh tanh coth log ln lg exp arg dim \
ker hom deg";

/// Function names with limits below in display style.
pub const LIMIT_FUNCTIONS: &str = "lim liminf limsup max min sup inf det gcd Pr argmax argmin";

/// Horizontal space: `name attributes`.
pub const SPACES: &str = ", width=0.1667em thinspace width=0.1667em : width=0.2222em > width=0.2222em \
medspace width=0.2222em ; width=0.2778em thickspace width=0.2778em enspace width=0.5em quad width=1em \
qquad width=2em";

/// Accents over (or under, for the `under` ones) their argument: `name mark`.
pub const ACCENTS: &str = "hat ^ widehat ^ check ˇ tilde ~ widetilde ~ acute ´ grave ` dot ˙ ddot ¨ breve ˘ bar ‾ \
overline ‾ vec → overrightarrow → overleftarrow ← overleftrightarrow ↔ overbrace ⏞ underbrace ⏟ underline _";

/// The value of `name` in a `name value …` table.
pub fn lookup(table: &'static str, name: &str) -> Option<&'static str> {
    let mut words = table.split_ascii_whitespace();
    while let (Some(n), Some(v)) = (words.next(), words.next()) {
        if n == name {
            return Some(v);
        }
    }
    None
}

/// Whether `name` is one of the space-separated `list`.
pub fn listed(list: &str, name: &str) -> bool {
    list.split_ascii_whitespace().any(|w| w == name)
}

/// A math alphabet: where its capitals, small letters and digits start, and the letters Unicode placed elsewhere.
pub struct Alphabet {
    capitals: u32,
    smalls: u32,
    digits: Option<u32>,
    /// `letter replacement` pairs for the holes in the block.
    holes: &'static str,
}

const fn alphabet(capitals: u32, digits: Option<u32>, holes: &'static str) -> Alphabet {
    Alphabet {
        capitals,
        smalls: capitals + 26,
        digits,
        holes,
    }
}

/// The alphabet a font command selects; `None` for the ones that change nothing (`\mathit`, `\mathnormal`).
pub fn alphabet_for(command: &str) -> Option<Alphabet> {
    Some(match command {
        "mathbf" | "boldsymbol" | "bm" | "pmb" => alphabet(0x1D400, Some(0x1D7CE), ""),
        "mathbb" => alphabet(0x1D538, Some(0x1D7D8), "C ℂ H ℍ N ℕ P ℙ Q ℚ R ℝ Z ℤ"),
        "mathcal" | "mathscr" => alphabet(0x1D49C, None, "B ℬ E ℰ F ℱ H ℋ I ℐ L ℒ M ℳ R ℛ e ℯ g ℊ o ℴ"),
        "mathfrak" => alphabet(0x1D504, None, "C ℭ H ℌ I ℑ R ℜ Z ℨ"),
        "mathsf" => alphabet(0x1D5A0, Some(0x1D7E2), ""),
        "mathtt" => alphabet(0x1D670, Some(0x1D7F6), ""),
        _ => return None,
    })
}

impl Alphabet {
    pub fn map(&self, c: char) -> char {
        let mut buf = [0u8; 4];
        if let Some(hole) = lookup(self.holes, c.encode_utf8(&mut buf)) {
            return hole.chars().next().unwrap_or(c);
        }
        let code = match c {
            'A'..='Z' => self.capitals + (c as u32 - 'A' as u32),
            'a'..='z' => self.smalls + (c as u32 - 'a' as u32),
            '0'..='9' => match self.digits {
                Some(d) => d + (c as u32 - '0' as u32),
                None => return c,
            },
            _ => return c,
        };
        char::from_u32(code).unwrap_or(c)
    }
}
