# bash completion for decruft
_decruft()
{
    local cur prev
    cur=${COMP_WORDS[COMP_CWORD]}
    prev=${COMP_WORDS[COMP_CWORD-1]}
    case $prev in
        -t|--type)
            COMPREPLY=($(compgen -W 'auto text html' -- "$cur"))
            return ;;
        -f|--format)
            COMPREPLY=($(compgen -W 'text json markdown html explain' -- "$cur"))
            return ;;
        --rules|--learn|--profile)
            COMPREPLY=($(compgen -f -- "$cur"))
            return ;;
        -o|--output)
            COMPREPLY=($(compgen -d -- "$cur"))
            return ;;
        --lang|--max-bytes|--max-work|--timeout|-j|--jobs|--field|--site|--base-url)
            return ;;
    esac
    if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W '-t --type -f --format --explain --rules --lang --no-captions
            --links --images --comments --metadata --base-url
            --max-bytes --max-work --timeout -r --recursive -o --output -i --in-place -j --jobs --jsonl --field --warc
            --learn --profile --site --progress --no-progress -q --quiet -h --help -V --version' -- "$cur"))
        return
    fi
    COMPREPLY=($(compgen -f -- "$cur"))
}
complete -o filenames -F _decruft decruft
