# bash completion for arsrapport(1): commands, options, their values,
# document kinds and files. Installed as
# PREFIX/share/bash-completion/completions/arsrapport (bash-completion loads
# it the first time arsrapport is completed); in a source tree, try it with
# `source completion/arsrapport.bash`.

# The document kinds the program knows, with the --mallar folders already on
# the line (`arsrapport rules --format json` prints one object per kind).
_arsrapport_kinds()
{
    local prog=$1
    shift
    "$prog" "$@" rules --format json 2> /dev/null |
        sed -n 's/^{"kind":"\([^"\\]*\)".*/\1/p'
}

_arsrapport()
{
    local cur prev words cword
    _init_completion || return

    local commands="build check new rules dump-model dump-resolved dump-layout
                    hamta bevaka bygg kontrollera ny regler fetch watch"
    local options="-o --ut --utkast --stil --style --tillat-sokvag --allow-path
                   --statistik --statistics --pdfa --format --lang -j --jobs
                   --mallar --fran --period --webb --html --help --version"

    case $prev in
    -o | --ut)
        _filedir
        return
        ;;
    --stil | --style | --fran)
        _filedir xml
        return
        ;;
    --period)
        return
        ;;
    --mallar | --tillat-sokvag | --allow-path)
        _filedir -d
        return
        ;;
    --lang)
        COMPREPLY=($(compgen -W "sv en" -- "$cur"))
        return
        ;;
    --format)
        COMPREPLY=($(compgen -W "text json" -- "$cur"))
        return
        ;;
    --pdfa)
        COMPREPLY=($(compgen -W "2a 2u 1b nej" -- "$cur"))
        return
        ;;
    -j | --jobs)
        COMPREPLY=($(compgen -W "1 2 4 8" -- "$cur"))
        return
        ;;
    esac

    # the command, its position, and the --mallar folders given so far
    local i cmd="" cmd_at=0 mallar=()
    for ((i = 1; i < cword; i++)); do
        case ${words[i]} in
        -o | --ut | --stil | --style | --tillat-sokvag | --allow-path | \
            --lang | --format | --pdfa | -j | --jobs)
            ((i++))
            ;;
        --mallar)
            [[ -n ${words[i + 1]} ]] && mallar+=(--mallar "${words[i + 1]}")
            ((i++))
            ;;
        -*) ;;
        *)
            if [[ -z $cmd ]]; then
                cmd=${words[i]}
                cmd_at=$i
            fi
            ;;
        esac
    done

    if [[ $cur == -* && $cmd != hamta && $cmd != fetch ]]; then
        COMPREPLY=($(compgen -W "$options" -- "$cur"))
        return
    fi
    if [[ -z $cmd ]]; then
        COMPREPLY=($(compgen -W "$commands" -- "$cur"))
        return
    fi

    # the arguments after the command, options left out
    local nargs=0
    for ((i = cmd_at + 1; i < cword; i++)); do
        case ${words[i]} in
        -o | --ut | --stil | --style | --tillat-sokvag | --allow-path | \
            --lang | --format | --pdfa | -j | --jobs | --mallar)
            ((i++))
            ;;
        -*) ;;
        *) ((nargs++)) ;;
        esac
    done

    case $cmd in
    hamta | fetch)
        # hamta kolada --kpi ID,... --kommun ID [--jamfor ID,...] [--ar ÅÅÅÅ-ÅÅÅÅ] [-o FIL]
        if ((nargs == 0)); then
            COMPREPLY=($(compgen -W "kolada" -- "$cur"))
        elif [[ $prev == -o || $prev == --ut ]]; then
            _filedir json
        elif [[ $cur == -* || $prev == kolada ]]; then
            COMPREPLY=($(compgen -W "--kpi --kommun --jamfor --ar -o --tidsgrans" -- "$cur"))
        fi
        ;;
    new | ny)
        if ((nargs == 0)); then
            COMPREPLY=($(compgen -W "$(_arsrapport_kinds "${words[0]}" "${mallar[@]}")" -- "$cur"))
        elif ((nargs == 1)); then
            _filedir xml
        fi
        ;;
    rules | regler)
        ((nargs == 0)) &&
            COMPREPLY=($(compgen -W "$(_arsrapport_kinds "${words[0]}" "${mallar[@]}")" -- "$cur"))
        ;;
    *)
        _filedir xml
        ;;
    esac
} &&
    complete -F _arsrapport arsrapport
