# Runs the windowed annotator.exe's --selftest with a time limit and prints its result file (a
# windowed exe has no console, so the result is read from the file). An app that fails early
# can sit behind a modal dialog and never exit: it is killed after -TimeoutSeconds, its result
# file is printed whatever happened, and the script throws on any failure.
#   pwsh packaging\windows\selftest.ps1 -Exe dist\annotator\annotator.exe -Result build\st.txt -Platform offscreen
param(
    [Parameter(Mandatory = $true)] [string] $Exe,
    [Parameter(Mandatory = $true)] [string] $Result,
    # Qt platform plugin: "offscreen", or "" for the real one (windows)
    [string] $Platform = "",
    [int] $TimeoutSeconds = 180
)
$ErrorActionPreference = 'Stop'
$name = if ($Platform) { $Platform } else { "windows" }
if ($Platform) { $env:QT_QPA_PLATFORM = $Platform } else { Remove-Item Env:QT_QPA_PLATFORM -ErrorAction SilentlyContinue }
$Result = [System.IO.Path]::GetFullPath($Result)
Remove-Item -LiteralPath $Result -ErrorAction SilentlyContinue
$p = Start-Process -FilePath $Exe -ArgumentList "--selftest", "--selftest-output", "`"$Result`"" -PassThru
$null = $p.Handle  # keep the process handle, or ExitCode reads as null once it has exited
$finished = $p.WaitForExit($TimeoutSeconds * 1000)
if (-not $finished) {
    Stop-Process -Id $p.Id -Force -ErrorAction SilentlyContinue
}
if (Test-Path -LiteralPath $Result) { Get-Content -LiteralPath $Result } else { Write-Host "no result file $Result" }
if (-not $finished) { throw "selftest ($name) of $Exe was killed after $TimeoutSeconds seconds" }
if ($p.ExitCode -ne 0) { throw "selftest ($name) of $Exe exited with status $($p.ExitCode)" }
if (-not (Select-String -LiteralPath $Result -Pattern '^SELFTEST OK' -Quiet)) {
    throw "selftest ($name) of ${Exe}: the result file does not say SELFTEST OK"
}
Write-Host "selftest ($name): OK"
